/**
 * A publisher process to be killed: `tsx publish-child.ts <databaseUrl> <alertId> <batch>` queues
 * the alert's pending batches one by one (continue-publishing.ts) and prints "BATCH <recipients>"
 * after each commit, so a test can SIGKILL it in the middle of a publication.
 */
import { connect } from '../../db';
import { publishNextBatch } from '../continue-publishing';

const [url, alertId, batch] = process.argv.slice(2);
const { prisma } = connect(url!);
const ctx = { db: prisma, now: () => new Date() };
for (;;) {
  const step = await publishNextBatch(ctx, alertId!, Number(batch));
  process.stdout.write(`BATCH ${step.recipients}\n`);
  if (step.done) break;
}
process.stdout.write('DONE\n');
process.exit(0);
