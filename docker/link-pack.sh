#!/bin/sh
# Links the pack baked into the image into n8n's community-package folder, then hands over to the
# n8n image's own entrypoint. It runs at every container start, so a fresh volume and an old one on
# ~/.n8n both end up with the pack linked (n8n loads ~/.n8n/nodes/node_modules/n8n-nodes-*), and an
# image upgrade replaces the pack even though the volume keeps everything else.
#
# MORTGAGE_PACK_DIR and N8N_IMAGE_ENTRYPOINT exist so docker/exercise-queue-mode.sh can run this very
# script outside Docker; in the image the defaults apply.
set -eu
pack_dir="${MORTGAGE_PACK_DIR:-/opt/mortgage-pack/node_modules/n8n-nodes-mortgage-followup}"
user_folder="${N8N_USER_FOLDER:-$HOME}"
nodes_dir="$user_folder/.n8n/nodes/node_modules"

if [ ! -f "$pack_dir/package.json" ]; then
  echo "link-mortgage-pack: the pack is missing at $pack_dir (was the image built from docker/Dockerfile?)" >&2
  exit 1
fi
mkdir -p "$nodes_dir"
ln -sfn "$pack_dir" "$nodes_dir/n8n-nodes-mortgage-followup"
exec "${N8N_IMAGE_ENTRYPOINT:-/docker-entrypoint.sh}" "$@"
