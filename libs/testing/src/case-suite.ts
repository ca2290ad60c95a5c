import { createTestDatabase, type TestDatabase } from './database';
import { seedAgency } from './fixtures';
import { startTestSmtpServer, type TestSmtpServer } from './smtp-server';
import { uniqueTaskQueue } from './temporal';

/** What a suite that drives cases needs of its own: a database with an agency at UIO-NORTE, an SMTP server, a task queue. */
export interface CaseSuite {
  db: TestDatabase;
  smtp: TestSmtpServer;
  taskQueue: string;
  /** Closes the SMTP server and drops the database. */
  close(): Promise<void>;
}

export async function startCaseSuite(label: string, seatsPerSlot: number): Promise<CaseSuite> {
  const db = await createTestDatabase(label);
  const smtp = await startTestSmtpServer();
  await seedAgency(db.dataSource, seatsPerSlot);
  return {
    db,
    smtp,
    taskQueue: uniqueTaskQueue(label),
    close: async () => {
      await smtp.close();
      await db.drop();
    },
  };
}
