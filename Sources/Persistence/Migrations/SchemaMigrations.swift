import Fluent

/// Every migration, in order. One list serves SQLite and PostgreSQL; never edit a shipped
/// migration, add the next number instead.
public enum SchemaMigrations {
    public static let all: [any AsyncMigration] = [
        M0001CreateRegions(),
        M0002CreatePlans(),
        M0003CreatePlanParts(),
        M0004CreatePlanTasks(),
        M0005CreateAccounts(),
        M0006CreateAuditLog(),
        M0007CreateSettingsAndUnitContacts(),
        M0008AddPlanRevision(),
        M0009CreatePlanImports(),
        M0010CreateIndicatorData(),
        M0011CreateCellRegistry(),
        M0012CreateSurveys(),
        M0013AddObservationIntervals(),
        M0014CreateRunningRecords(),
        M0015SignInFailuresAndTokenOwners(),
        M0016CreateBackgroundJobs(),
        M0017AddUnitContactRevision(),
        M0018CreatePlanRevisions(),
        M0019CreateNotifications(),
    ]
}
