import { Foundation1764300000000 } from './1764300000000-foundation';
import { SharedMeasurement1764400000000 } from './1764400000000-shared-measurement';
import { Imports1764800000000 } from './1764800000000-imports';
import { Rollups1764900000000 } from './1764900000000-rollups';
import { Progress1765000000000 } from './1765000000000-progress';
import { SharedDashboards1765130000000 } from './1765130000000-shared-dashboards';
import { CollaborationSettingsReconciliation1765173000000 } from './1765173000000-collaboration-settings-reconciliation';
import { Comments1765182000000 } from './1765182000000-comments';
import { RollupIndexes1765183400000 } from './1765183400000-rollup-indexes';
import { ImportStaging1765184200000 } from './1765184200000-import-staging';
import { Communication1765190000000 } from './1765190000000-communication';
import { Updates1765191000000 } from './1765191000000-updates';
import { LearningDecisions1765192000000 } from './1765192000000-learning-decisions';
import { ReportingCalendar1765193000000 } from './1765193000000-reporting-calendar';
import { DigestLive1765194000000 } from './1765194000000-digest-live';
import { NotificationEmailJobs1765195000000 } from './1765195000000-notification-email-jobs';
import { ImportPlan1765196000000 } from './1765196000000-import-plan';

/** Every migration, in timestamp order (TypeORM runs pending ones by timestamp). Add new ones at the end with a later timestamp. */
export const MIGRATIONS = [
  Foundation1764300000000,
  SharedMeasurement1764400000000,
  Imports1764800000000,
  Rollups1764900000000,
  Progress1765000000000,
  SharedDashboards1765130000000,
  CollaborationSettingsReconciliation1765173000000,
  Comments1765182000000,
  RollupIndexes1765183400000,
  ImportStaging1765184200000,
  Communication1765190000000,
  Updates1765191000000,
  LearningDecisions1765192000000,
  ReportingCalendar1765193000000,
  DigestLive1765194000000,
  NotificationEmailJobs1765195000000,
  ImportPlan1765196000000,
];
