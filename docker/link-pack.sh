#!/bin/sh
# Links the pack baked into the image into n8n's community-package folder, then hands over to
# the n8n image's own entrypoint. Runs at every container start, so a fresh or an old volume on
# ~/.n8n both end up with the pack linked (n8n 2.x loads ~/.n8n/nodes/node_modules/n8n-nodes-*).
set -eu
user_folder="${N8N_USER_FOLDER:-$HOME}"
nodes_dir="$user_folder/.n8n/nodes/node_modules"
mkdir -p "$nodes_dir"
ln -sfn /opt/mortgage-pack/node_modules/n8n-nodes-mortgage-followup "$nodes_dir/n8n-nodes-mortgage-followup"
exec /docker-entrypoint.sh "$@"
