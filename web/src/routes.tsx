import { lazy, Suspense, type ComponentType } from 'react';
import { Route, Routes } from 'react-router';
import { AppLayout } from './components/app-layout';
import { NotFoundPanel } from './components/not-found-page';
import { PageLoader } from './components/page-loader';
import { RequireAuth } from './features/auth/components/require-auth';

/** Code-split by route: each page is its own chunk, loaded when first visited. */
function page<K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K) {
  return lazy(async () => ({ default: (await load())[name] }));
}

const SignInPage = page(() => import('./features/auth/components/sign-in-page'), 'SignInPage');
const SignUpPage = page(() => import('./features/auth/components/sign-up-page'), 'SignUpPage');
const ForgotPasswordPage = page(() => import('./features/auth/components/forgot-password-page'), 'ForgotPasswordPage');
const ResetPasswordPage = page(() => import('./features/auth/components/reset-password-page'), 'ResetPasswordPage');
const InvitationPage = page(() => import('./features/invitations/components/invitation-page'), 'InvitationPage');
const MyCollaborationsPage = page(
  () => import('./features/collaborations/components/my-collaborations-page'),
  'MyCollaborationsPage',
);
const CreateCollaborationPage = page(
  () => import('./features/collaborations/components/create-collaboration-page'),
  'CreateCollaborationPage',
);
const JoinWithCodePage = page(() => import('./features/collaborations/components/join-with-code-page'), 'JoinWithCodePage');
const CollaborationShell = page(() => import('./features/collaborations/components/collaboration-shell'), 'CollaborationShell');
const OverviewPage = page(() => import('./features/collaborations/components/overview-page'), 'OverviewPage');
const SettingsPage = page(() => import('./features/collaborations/components/settings-page'), 'SettingsPage');
const AgendaPage = page(() => import('./features/agenda/components/agenda-page'), 'AgendaPage');
const GoalsPage = page(() => import('./features/goals/components/goals-page'), 'GoalsPage');
const PartnersPage = page(() => import('./features/partners/components/partners-page'), 'PartnersPage');
const IndicatorsPage = page(() => import('./features/indicators/components/indicators-page'), 'IndicatorsPage');
const IndicatorDetailPage = page(() => import('./features/indicators/components/indicator-detail-page'), 'IndicatorDetailPage');
const IndicatorFormPage = page(() => import('./features/indicators/components/indicator-form-page'), 'IndicatorFormPage');
const ActivitiesPage = page(() => import('./features/activities/components/activities-page'), 'ActivitiesPage');
const ActivityDetailPage = page(() => import('./features/activities/components/activity-detail-page'), 'ActivityDetailPage');
const DataEntryPage = page(() => import('./features/values/components/data-entry-page'), 'DataEntryPage');
const ImportPage = page(() => import('./features/imports/components/import-page'), 'ImportPage');
const ReviewPage = page(() => import('./features/values/components/review-page'), 'ReviewPage');
const ValueThreadPage = page(() => import('./features/comments/components/value-thread-page'), 'ValueThreadPage');
const UnsubscribePage = page(() => import('./features/comments/components/unsubscribe-page'), 'UnsubscribePage');
const NotificationSettingsPage = page(() => import('./features/comments/components/notification-settings-page'), 'NotificationSettingsPage');
const AuditLogPage = page(() => import('./features/audit/components/audit-log-page'), 'AuditLogPage');
const SharingPage = page(() => import('./features/sharing/components/sharing-page'), 'SharingPage');
const PublicDashboardPage = page(() => import('./features/sharing/components/public-dashboard-page'), 'PublicDashboardPage');
const PartnerHomePage = page(() => import('./features/partner-home/components/partner-home-page'), 'PartnerHomePage');
const CompletenessPage = page(() => import('./features/completeness/components/completeness-page'), 'CompletenessPage');
const ReportingCalendarPage = page(() => import('./features/reporting-calendar/components/reporting-calendar-page'), 'ReportingCalendarPage');
const ActivityMatrixPage = page(() => import('./features/activities/components/matrix-page'), 'MatrixPage');
const UpdatesPage = page(() => import('./features/updates/components/updates-page'), 'UpdatesPage');
const DecisionsPage = page(() => import('./features/decisions/components/decisions-page'), 'DecisionsPage');
const DecisionNewPage = page(() => import('./features/decisions/components/decision-new-page'), 'DecisionNewPage');
const DecisionPage = page(() => import('./features/decisions/components/decision-page'), 'DecisionPage');

export function AppRoutes() {
  return (
    <Suspense fallback={<PageLoader />}>
      <Routes>
        <Route path="sign-in" element={<SignInPage />} />
        <Route path="sign-up" element={<SignUpPage />} />
        <Route path="forgot-password" element={<ForgotPasswordPage />} />
        <Route path="reset-password" element={<ResetPasswordPage />} />
        <Route path="share/:token" element={<PublicDashboardPage />} />
        <Route element={<AppLayout size="md" />}>
          <Route path="invitations/:token" element={<InvitationPage />} />
          <Route path="unsubscribe" element={<UnsubscribePage />} />
        </Route>

        <Route element={<RequireAuth />}>
          <Route element={<AppLayout />}>
            <Route index element={<MyCollaborationsPage />} />
            <Route path="collaborations/new" element={<CreateCollaborationPage />} />
            <Route path="join" element={<JoinWithCodePage />} />
            <Route path="settings/notifications" element={<NotificationSettingsPage />} />
          </Route>
          <Route path="collaborations/:collaborationId" element={<CollaborationShell />}>
            <Route index element={<OverviewPage />} />
            <Route path="agenda" element={<AgendaPage />} />
            <Route path="goals" element={<GoalsPage />} />
            <Route path="partners" element={<PartnersPage />} />
            <Route path="indicators" element={<IndicatorsPage />} />
            <Route path="indicators/new" element={<IndicatorFormPage />} />
            <Route path="indicators/:indicatorId" element={<IndicatorDetailPage />} />
            <Route path="indicators/:indicatorId/edit" element={<IndicatorFormPage />} />
            <Route path="activities" element={<ActivitiesPage />} />
            <Route path="activities/matrix" element={<ActivityMatrixPage />} />
            <Route path="activities/:activityId" element={<ActivityDetailPage />} />
            <Route path="report" element={<DataEntryPage />} />
            <Route path="import" element={<ImportPage />} />
            <Route path="review" element={<ReviewPage />} />
            <Route path="values/:valueId" element={<ValueThreadPage />} />
            <Route path="audit" element={<AuditLogPage />} />
            <Route path="sharing" element={<SharingPage />} />
            <Route path="settings" element={<SettingsPage />} />
            <Route path="home" element={<PartnerHomePage />} />
            <Route path="partners/:partnerId/home" element={<PartnerHomePage />} />
            <Route path="completeness" element={<CompletenessPage />} />
            <Route path="updates" element={<UpdatesPage />} />
            <Route path="decisions" element={<DecisionsPage />} />
            <Route path="decisions/new" element={<DecisionNewPage />} />
            <Route path="decisions/:decisionId" element={<DecisionPage />} />
            <Route path="reporting-calendar" element={<ReportingCalendarPage />} />
            <Route path="*" element={<NotFoundPanel />} />
          </Route>
        </Route>

        <Route element={<AppLayout size="md" />}>
          <Route path="*" element={<NotFoundPanel />} />
        </Route>
      </Routes>
    </Suspense>
  );
}
