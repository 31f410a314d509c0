import { REFERRAL_COLUMNS } from '../../../nodes/core';
import { MortgageReferralStatus } from '../../../nodes/ReferralStatus/MortgageReferralStatus.node';
import { SHEETS_SCOPE } from '../../../nodes/transport/sheets';
import { DRIVE_FILE_SCOPE } from '../../../sandbox/sheets';
import { runNode } from '../../support/nodeHarness';
import { FAST_GOOGLE, startReferralStandIn, standInCredentials } from '../../support/referralStandIn';
import { SERVICE_ACCOUNT, startTrackerHarness } from '../../support/trackerHarness';
import { tokenRequests } from '../../transport/sheets/tokenRequests';

/**
 * What each node's service account asks Google's token endpoint for (the stand-in verifies the
 * signed JWT): the referral node needs Drive (drive.file) to make and share partner sheets; the
 * Lead Tracker needs nothing beyond Sheets and must not ask for more.
 */
describe('the scopes each node signs in for', () => {
	it('Referral Status asks for Sheets and drive.file, and makes and shares the partner sheet with that one token', async () => {
		const LO = 'lo@example.com';
		const running = await startReferralStandIn(LO);
		try {
			const trackerId = running.standIn.createSpreadsheet({
				sharedWith: [LO],
				sheets: [
					{ title: 'Referrals', rows: [[...REFERRAL_COLUMNS]] },
					{ title: 'Partners', rows: [['partnerId', 'name', 'email', 'phone', 'notifyChannel', 'viewSpreadsheetId'], ['p-1', 'Dana Brooks', 'dana@sunrise.example', '', 'email', '']] },
				],
			});
			const tokens = tokenRequests(running.standIn);
			const [[item]] = await runNode(new MortgageReferralStatus(), {
				items: [{}],
				parameters: { operation: 'openReferral', spreadsheetId: trackerId, now: '2026-12-08T15:00:00Z', partnerId: 'p-1', referredLeadId: 'ld_1', clientFirstName: 'Carla', referredAt: '', options: FAST_GOOGLE },
				credentials: standInCredentials(running, LO),
			});
			expect(item.json.referral).toMatchObject({ result: 'opened', partnerView: { result: 'synced', created: true } });
			expect(tokens()).toEqual([{ account: LO, asked: [SHEETS_SCOPE, DRIVE_FILE_SCOPE], granted: [SHEETS_SCOPE, DRIVE_FILE_SCOPE] }]);
		} finally {
			await running.close();
		}
	});

	it('the Lead Tracker asks for the Sheets scope alone', async () => {
		const h = await startTrackerHarness();
		try {
			const id = h.standIn.createSpreadsheet({ sharedWith: [SERVICE_ACCOUNT], sheets: [{ title: 'Settings', rows: [['setting', 'value'], ['loName', 'Jordan']] }] });
			const tokens = tokenRequests(h.standIn);
			const [[out]] = await h.run({ operation: 'readSettings', spreadsheetId: id });
			expect(out.json.settings).toEqual({ loName: 'Jordan' });
			expect(tokens()).toEqual([{ account: SERVICE_ACCOUNT, asked: [SHEETS_SCOPE], granted: [SHEETS_SCOPE] }]);
		} finally {
			await h.close();
		}
	});
});
