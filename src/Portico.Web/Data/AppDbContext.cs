using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Portico.Web.Features.Accounts;
using Portico.Web.Features.AuditLog;
using Portico.Web.Features.Organizations;
using Portico.Web.Features.Sessions;

namespace Portico.Web.Data;

/// <summary>The one database context: Identity tables plus Portico's own.</summary>
public sealed class AppDbContext(DbContextOptions<AppDbContext> options)
    : IdentityUserContext<Account, Guid>(options), IDataProtectionKeyContext
{
    // Note: compiled once; nearly every write seals one chain, and this read is on the path of each.
    private static readonly Func<AppDbContext, string, CancellationToken, Task<AuditChainHead?>> ChainHeadQuery =
        EF.CompileAsyncQuery((AppDbContext db, string chain, CancellationToken _) => db.AuditChainHeads.FirstOrDefault(h => h.Chain == chain));

    // Note: remembered per instance (a pooled context keeps its options); ProviderName resolves a service on each call.
    private bool? isPostgres;

    private StrongBox<SqliteConnectionReuse?>? connectionReuse;

    public DbSet<Organization> Organizations => Set<Organization>();

    public DbSet<OrganizationDomain> OrganizationDomains => Set<OrganizationDomain>();

    public DbSet<Location> Locations => Set<Location>();

    public DbSet<ProgramEnrollment> ProgramEnrollments => Set<ProgramEnrollment>();

    public DbSet<RoleAssignment> RoleAssignments => Set<RoleAssignment>();

    public DbSet<UserSession> Sessions => Set<UserSession>();

    public DbSet<PersonalSignUp> PersonalSignUps => Set<PersonalSignUp>();

    public DbSet<AuditEvent> AuditEvents => Set<AuditEvent>();

    public DbSet<AuditChainHead> AuditChainHeads => Set<AuditChainHead>();

    public DbSet<AuditChainAnchor> AuditChainAnchors => Set<AuditChainAnchor>();

    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<Features.Access.AccessRequest> AccessRequests => Set<Features.Access.AccessRequest>();

    public DbSet<Features.SecurityInfo.AccountSecurityInfo> SecurityInfo => Set<Features.SecurityInfo.AccountSecurityInfo>();

    public DbSet<Features.Relationships.ResellerRelationship> ResellerRelationships => Set<Features.Relationships.ResellerRelationship>();

    public DbSet<Features.Relationships.DelegatedAdminRelationship> DelegatedAdminRelationships =>
        Set<Features.Relationships.DelegatedAdminRelationship>();

    public DbSet<Features.Relationships.DelegatedAdminAssignment> DelegatedAdminAssignments =>
        Set<Features.Relationships.DelegatedAdminAssignment>();

    public DbSet<Infrastructure.BackgroundJobs.DatabaseLease> DatabaseLeases => Set<Infrastructure.BackgroundJobs.DatabaseLease>();

    public DbSet<Features.Support.SupportRequest> SupportRequests => Set<Features.Support.SupportRequest>();

    public DbSet<Features.Support.SupportMessage> SupportMessages => Set<Features.Support.SupportMessage>();

    public DbSet<Features.Support.SupportRequestLink> SupportRequestLinks => Set<Features.Support.SupportRequestLink>();

    public DbSet<Features.Verification.VerificationCheck> VerificationChecks => Set<Features.Verification.VerificationCheck>();

    public DbSet<Features.Verification.VerificationDocument> VerificationDocuments => Set<Features.Verification.VerificationDocument>();

    public DbSet<Features.Benefits.OrganizationBenefit> OrganizationBenefits => Set<Features.Benefits.OrganizationBenefit>();

    public DbSet<Features.Marketplace.Offer> Offers => Set<Features.Marketplace.Offer>();

    public DbSet<Features.Referrals.Deal> Deals => Set<Features.Referrals.Deal>();

    public DbSet<Features.Apps.AppRegistration> AppRegistrations => Set<Features.Apps.AppRegistration>();

    public DbSet<Features.Apps.AppSecret> AppSecrets => Set<Features.Apps.AppSecret>();

    public DbSet<Features.Incentives.EarningLine> EarningLines => Set<Features.Incentives.EarningLine>();

    public DbSet<Features.Incentives.EarningDispute> EarningDisputes => Set<Features.Incentives.EarningDispute>();

    public DbSet<Features.Incentives.EarningDisputeComment> EarningDisputeComments => Set<Features.Incentives.EarningDisputeComment>();

    public DbSet<Features.Operator.Incentives.EarningImport> EarningImports => Set<Features.Operator.Incentives.EarningImport>();

    public DbSet<Features.Incentives.EarningAdjustment> EarningAdjustments => Set<Features.Incentives.EarningAdjustment>();

    public DbSet<Features.Billing.Invoice> Invoices => Set<Features.Billing.Invoice>();

    public DbSet<Features.Billing.InvoiceLine> InvoiceLines => Set<Features.Billing.InvoiceLine>();

    public DbSet<Features.Billing.BillingProfile> BillingProfiles => Set<Features.Billing.BillingProfile>();

    public DbSet<Features.Marketplace.Payouts.PayoutStatement> PayoutStatements => Set<Features.Marketplace.Payouts.PayoutStatement>();

    public DbSet<Features.Marketplace.Payouts.PayoutAccount> PayoutAccounts => Set<Features.Marketplace.Payouts.PayoutAccount>();

    public DbSet<Features.Designations.Certification> Certifications => Set<Features.Designations.Certification>();

    public DbSet<Features.Designations.CustomerDeployment> CustomerDeployments => Set<Features.Designations.CustomerDeployment>();

    public DbSet<Features.Designations.Designation> Designations => Set<Features.Designations.Designation>();

    public bool IsPostgres => isPostgres ??= Database.ProviderName == "Npgsql.EntityFrameworkCore.PostgreSQL";

    /// <summary>The kept SQLite connections this context's commands reuse compiled statements of, if any.</summary>
    private SqliteConnectionReuse? ConnectionReuse => (connectionReuse ??= new((this.GetService<IRelationalConnection>() as KeptSqliteRelationalConnection)?.Reuse)).Value;

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);

        builder.Entity<Account>(b =>
        {
            b.ToTable("Accounts");

            // Note: Identity's default unique "UserNameIndex" stays unique, but UserName is an internal handle
            // ("acct-<id>"), so one email can exist as a work account and as a personal account.
            // Identity's EmailIndex is non-unique; (Kind, NormalizedEmail) is the real uniqueness rule.
        });
        builder.Entity<IdentityUserClaim<Guid>>().ToTable("AccountClaims");
        builder.Entity<IdentityUserLogin<Guid>>().ToTable("AccountLogins");
        builder.Entity<IdentityUserToken<Guid>>().ToTable("AccountTokens");

        // Note: Identity's passkey table (its schema version 3) is mapped here explicitly instead of through
        // IdentityOptions.Stores.SchemaVersion, which the design-time factories and hand-built contexts do not see;
        // the runtime model and both migration sets are therefore always the same.
        builder.Entity<IdentityUserPasskey<Guid>>(b =>
        {
            b.ToTable("AccountPasskeys");
            b.HasKey(p => p.CredentialId);
            b.Property(p => p.CredentialId).HasMaxLength(1024);
            b.OwnsOne(p => p.Data).ToJson();
            b.HasOne<Account>().WithMany().HasForeignKey(p => p.UserId).IsRequired().OnDelete(DeleteBehavior.Cascade);
            b.HasIndex(p => p.UserId);
        });

        builder.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly);

        if (Database.IsNpgsql())
        {
            // Note: user search is a substring match on the folded key within one organization; a trigram GIN index
            // over (organization, key) serves LIKE '%…%' (btree_gin lets GIN index the uuid, so both narrow together).
            builder.HasPostgresExtension("pg_trgm");
            builder.HasPostgresExtension("btree_gin");
            builder.Entity<Account>().HasIndex(a => new { a.OrganizationId, a.SearchKey }, "IX_Accounts_OrganizationId_SearchKey")
                .HasMethod("gin").HasOperators("uuid_ops", "gin_trgm_ops");

            // Note: the user list sorts by (DisplayName, NormalizedEmail) in byte order, as SQLite's BINARY does: the
            // ordered search index keys each account by an order-preserving prefix of its name, which only byte order
            // allows (see the OrderedUserSearch migration and UserQueries).
            builder.Entity<Account>().Property(a => a.DisplayName).UseCollation("C");
            builder.Entity<Account>().Property(a => a.NormalizedEmail).UseCollation("C");
        }
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        SaveChangesAsync(acceptAllChangesOnSuccess).GetAwaiter().GetResult();

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        // Note: changes are detected once here; every value set below goes through the change tracker's entry API,
        // so the base call need not scan every tracked entity a second and third time.
        var autoDetect = ChangeTracker.AutoDetectChangesEnabled;
        if (autoDetect)
        {
            ChangeTracker.DetectChanges();
        }

        ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            return await SealAndSaveAsync(acceptAllChangesOnSuccess, cancellationToken);
        }
        finally
        {
            ChangeTracker.AutoDetectChangesEnabled = autoDetect;
        }
    }

    private async Task<int> SealAndSaveAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken)
    {
        foreach (var entry in ChangeTracker.Entries<Account>().Where(e => e.State is EntityState.Added or EntityState.Modified))
        {
            var account = entry.Entity;
            var key = Features.Users.SearchKey.ForAccount(account.DisplayName, account.NameReading, account.Email);
            entry.Property(a => a.SearchKey).CurrentValue = key.Length > Account.SearchKeyMaxLength ? key[..Account.SearchKeyMaxLength] : key;
        }

        var pending = ChangeTracker.Entries<AuditEvent>()
            .Where(e => e.State == EntityState.Added)
            .Select(e => e.Entity)
            .ToList();
        if (pending.Count == 0)
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }

        // Note: sealing reads each chain's head and appends after it, so it must hold the chain exclusively until
        // commit. SQLite's BEGIN IMMEDIATE (Microsoft.Data.Sqlite's default) serializes writers; PostgreSQL takes a
        // transaction-scoped advisory lock per chain, always in the same order to avoid deadlocks.
        var ownTransaction = Database.CurrentTransaction is null
            ? await Database.BeginTransactionAsync(cancellationToken)
            : null;
        var savepoints = Database.AutoSavepointsEnabled;
        try
        {
            var chains = pending.Select(e => e.Chain).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            if (IsPostgres)
            {
                foreach (var chain in chains)
                {
                    await Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtext({chain}))", cancellationToken);
                }
            }

            if (ownTransaction is not null && AppendOnlySave.AddedRows(ChangeTracker) is { } added)
            {
                var appended = await AppendOnlySave.For(this).WriteAsync(
                    this, ownTransaction.GetDbTransaction(), ConnectionReuse, added, pending, chains, cancellationToken);
                await ownTransaction.CommitAsync(cancellationToken);
                if (acceptAllChangesOnSuccess)
                {
                    ChangeTracker.AcceptAllChanges();
                }

                return appended;
            }

            var heads = new Dictionary<string, AuditChainHead>(StringComparer.Ordinal);
            foreach (var chain in chains)
            {
                if (await ChainHeadQuery(this, chain, cancellationToken) is { } found)
                {
                    heads[chain] = found;
                }
            }

            foreach (var e in pending)
            {
                if (!heads.TryGetValue(e.Chain, out var head))
                {
                    head = new AuditChainHead { Chain = e.Chain, Sequence = 0, Hash = AuditChain.Genesis };
                    heads[e.Chain] = head;
                    AuditChainHeads.Add(head);
                }

                var (sequence, hash) = AuditChain.Seal(e, (head.Sequence, head.Hash));
                var headEntry = Entry(head);
                headEntry.Property(h => h.Sequence).CurrentValue = sequence;
                headEntry.Property(h => h.Hash).CurrentValue = hash;
            }

            // Note: inside its own transaction a failed save rolls everything back, so EF's savepoint around the
            // save (two more statements) is of no use there; inside a caller's transaction it stays.
            Database.AutoSavepointsEnabled = savepoints && ownTransaction is null;
            var written = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            if (ownTransaction is not null)
            {
                await ownTransaction.CommitAsync(cancellationToken);
            }

            // Note: a head stays tracked no longer than its save: a later save of this context must read the head
            // as stored then (identity resolution would hand back this instance, stale once another context
            // appended to the chain, and the next sequence number would collide).
            foreach (var head in heads.Values)
            {
                Entry(head).State = EntityState.Detached;
            }

            return written;
        }
        finally
        {
            Database.AutoSavepointsEnabled = savepoints;
            if (ownTransaction is not null)
            {
                await ownTransaction.DisposeAsync();
            }
        }
    }
}
