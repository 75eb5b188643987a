using Microsoft.EntityFrameworkCore;
using Portico.Web.Authorization;
using Portico.Web.Features.Accounts;
using Portico.Web.Features.AuditLog;
using Portico.Web.Features.Benefits;
using Portico.Web.Features.Organizations;
using Portico.Web.Features.Support;
using Portico.Web.Features.Verification;
using Portico.Web.Infrastructure.Passwords;

namespace Portico.Web.Data;

/// <summary>
/// Demo organizations and people for trying Portico out (README lists the sign-ins). Seeded only into an empty
/// database, and only when <c>Portico:DemoData</c> is on or <c>seed-demo</c> is run.
/// </summary>
public sealed class DemoData(
    AppDbContext db,
    OrganizationService organizations,
    Argon2idPasswordHasher hasher,
    AuditTrail audit,
    TimeProvider time)
{
    /// <summary>The password of every demo account. Demo only: never use demo data in production.</summary>
    public const string Password = "harbor-lantern-quietly-47";

    /// <summary>The authenticator-app secret of the demo MFA user (README), so a person can add it to an app and try MFA.</summary>
    public const string DemoAuthenticatorKey = "PORTICODEMOMFAKEY234567ABCDEFGHI";

    public sealed record DemoUser(string Email, string Name, string[] Roles, string? Reading = null, string? Culture = null, bool Temporary = false, string? AuthenticatorKey = null);

    public static readonly (string Name, PartnerType Type, string Country, bool Verified, string[] Programs, string Domain, DemoUser[] Users)[] Organizations =
    [
        ("Contoso Cloud Solutions", PartnerType.Direct, "US", true, [.. Programs.All], "contoso.example",
        [
            new("alex.johnson@contoso.example", "Alex Johnson", [Roles.GlobalAdmin]),
            new("mika.yamada@contoso.example", "山田 美香", [Roles.UserManagementAdmin, Roles.ReferralsAdmin], "やまだ みか", "ja-JP"),
            new("sam.lee@contoso.example", "Sam Lee", [Roles.BillingAdmin, Roles.AdminAgent]),
            new("taylor.tanaka@contoso.example", "Taylor Tanaka", [Roles.ReferralsUser]),
            new("devon.park@contoso.example", "Devon Park", [Roles.Owner, Roles.Developer]),
            new("riley.new@contoso.example", "Riley New", [Roles.IncentivesUser], Temporary: true),
            new("jordan.rivera@contoso.example", "Jordan Rivera", [Roles.IncentivesAdmin]),
            new("morgan.mfa@contoso.example", "Morgan Secure", [Roles.AdminAgent, Roles.BillingAdmin], AuthenticatorKey: DemoAuthenticatorKey),
            new("casey.finance@contoso.example", "Casey Morgan", [Roles.FinancialContributor]),
            new("erin.walsh@contoso.example", "Erin Walsh", [Roles.ExecutiveReportViewer]),
            new("noah.becker@contoso.example", "Noah Becker", [Roles.ReportViewer]),
            new("parker.program@contoso.example", "Parker Quinn", [Roles.PartnerProgramAdmin]),
        ]),
        ("Northwind Distribution", PartnerType.IndirectProvider, "JP", true, [Programs.PartnerNetwork, Programs.CloudReseller, Programs.Insights], "northwind.example",
        [
            new("nora.admin@northwind.example", "Nora Admin", [Roles.GlobalAdmin]),
            new("ken.sato@northwind.example", "佐藤 健", [Roles.AdminAgent], "さとう けん", "ja-JP"),
            new("hana.helpdesk@northwind.example", "Hana Kobayashi", [Roles.HelpdeskAgent]),
        ]),
        ("Fabrikam Reseller 株式会社", PartnerType.IndirectReseller, "JP", false, [Programs.PartnerNetwork, Programs.CloudReseller, Programs.Insights], "fabrikam.example",
        [
            new("fumi.suzuki@fabrikam.example", "鈴木 文", [Roles.GlobalAdmin], "すずき ふみ", "ja-JP"),
            new("jun.ito@fabrikam.example", "伊藤 純", [Roles.SalesAgent, Roles.ReportViewer], "いとう じゅん", "ja-JP"),
        ]),
    ];

    public static readonly (string Email, string Name, string[] Roles)[] Staff =
    [
        ("olivia.ops@portico.example", "Olivia Operator", [OperatorRoles.OperatorAdmin]),
        ("sasha.support@portico.example", "Sasha Support", [OperatorRoles.SupportAgent]),
        ("victor.verify@portico.example", "Victor Verify", [OperatorRoles.VerificationAgent]),
    ];

    /// <summary>The personal account that shares its email with a work account (shows the account picker).</summary>
    public const string SharedEmail = "taylor.tanaka@contoso.example";

    public async Task<bool> SeedIfEmptyAsync(CancellationToken cancellationToken)
    {
        if (await db.Organizations.AnyAsync(cancellationToken) || await db.Users.AnyAsync(cancellationToken))
        {
            return false;
        }

        await SeedAsync(cancellationToken);
        return true;
    }

    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        foreach (var (name, type, country, verified, programs, domain, users) in Organizations)
        {
            var first = users[0];
            var created = await organizations.CreateAsync(name, type, programs, first.Email, first.Name, country, [domain], cancellationToken);
            var org = created.Organization;
            // Note: the same overall status the checks below add up to (VerificationService.Overall).
            org.VerificationStatus = verified ? VerificationStatus.Verified : VerificationStatus.ActionRequired;
            SetPassword(created.Admin, first);
            if (type == PartnerType.Direct)
            {
                db.Locations.Add(new Location { OrganizationId = org.Id, PartnerId = await organizations.AllocatePartnerIdAsync(cancellationToken), Name = "Tokyo", Country = "JP" });
                db.Locations.Add(new Location { OrganizationId = org.Id, PartnerId = await organizations.AllocatePartnerIdAsync(cancellationToken), Name = "Seattle", Country = "US" });
            }

            foreach (var user in users.Skip(1))
            {
                var account = await organizations.AddWorkAccountAsync(org, user.Email, user.Name, user.Roles, Password, cancellationToken, user.Reading, user.Culture);
                account.Account.MustChangePassword = user.Temporary;
                if (user.AuthenticatorKey is { } key)
                {
                    account.Account.TwoFactorEnabled = true;
                    db.SecurityInfo.Add(new Features.SecurityInfo.AccountSecurityInfo { AccountId = account.Account.Id, AuthenticatorKey = key, AuthenticatorAddedUtc = now });
                }
            }

            SeedVerification(org, first.Email, domain, verified, now);

            await db.SaveChangesAsync(cancellationToken);
        }

        foreach (var (email, name, roles) in Staff)
        {
            var staff = await organizations.CreateStaffAsync(email, name, roles, cancellationToken);
            staff.Account.PasswordHash = hasher.HashPassword(staff.Account, Password);
            staff.Account.MustChangePassword = false;
        }

        var personal = new Account
        {
            Kind = AccountKind.Personal,
            Email = SharedEmail,
            NormalizedEmail = SharedEmail.ToUpperInvariant(),
            EmailConfirmed = true,
            DisplayName = "Taylor Tanaka",
            CreatedUtc = now,
            PasswordChangedUtc = now,
            SecurityStamp = Guid.NewGuid().ToString("N"),
        };
        personal.PasswordHash = hasher.HashPassword(personal, Password);
        db.Users.Add(personal);
        audit.Record(AuditEventType.AccountCreated, targetAccountId: personal.Id, details: new { kind = "Personal", source = "demo" });
        await db.SaveChangesAsync(cancellationToken);
        await Features.Marketplace.OfferDemoData.SeedAsync(db, audit, now, cancellationToken);
        await Features.Apps.AppDemoData.SeedAsync(db, audit, now, cancellationToken);
        await SeedRelationshipsAsync(cancellationToken);
        await SeedSupportRequestsAsync(now, cancellationToken);
        await Features.Referrals.ReferralsDemoData.SeedAsync(db, now, cancellationToken);
        await Features.Incentives.IncentivesDemoData.SeedAsync(db, now, cancellationToken);
        await Features.Operator.Incentives.EarningAdjustmentDemoData.SeedAsync(db, now, cancellationToken);
        await Features.Billing.BillingDemoData.SeedAsync(db, now, cancellationToken);
        await Features.Marketplace.Payouts.PayoutsDemoData.SeedAsync(db, now, cancellationToken);
        await Features.Designations.DesignationsDemoData.SeedAsync(db, audit, now, cancellationToken);
    }

    /// <summary>The demo delegated-admin relationship's name (Northwind → Fabrikam, ken.sato and hana.helpdesk assigned).</summary>
    public const string RelationshipName = "Northwind support for Fabrikam";

    /// <summary>Northwind (indirect provider) serves Fabrikam (indirect reseller): reseller and delegated-admin relationships.</summary>
    private async Task SeedRelationshipsAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var northwind = await db.Organizations.SingleAsync(o => o.DisplayName == "Northwind Distribution", cancellationToken);
        var fabrikam = await db.Organizations.SingleAsync(o => o.DisplayName == "Fabrikam Reseller 株式会社", cancellationToken);
        var ids = await db.Users.Where(a => a.Email == "nora.admin@northwind.example" || a.Email == "fumi.suzuki@fabrikam.example"
                || a.Email == "ken.sato@northwind.example" || a.Email == "hana.helpdesk@northwind.example")
            .ToDictionaryAsync(a => a.Email!, a => a.Id, cancellationToken);
        db.ResellerRelationships.Add(new Features.Relationships.ResellerRelationship
        {
            ProviderOrganizationId = northwind.Id,
            ResellerOrganizationId = fabrikam.Id,
            Status = Features.Relationships.ResellerRelationshipStatus.Active,
            InvitedByAccountId = ids["nora.admin@northwind.example"],
            CreatedAt = now,
            DecidedByAccountId = ids["fumi.suzuki@fabrikam.example"],
            DecidedAt = now,
        });
        var relationship = new Features.Relationships.DelegatedAdminRelationship
        {
            ProviderOrganizationId = northwind.Id,
            CustomerOrganizationId = fabrikam.Id,
            DisplayName = RelationshipName,
            Status = Features.Relationships.DelegatedAdminRelationshipStatus.Active,
            Roles =
            [
                DelegableRoles.DirectoryReader, DelegableRoles.UserAdministrator, DelegableRoles.HelpdeskAdministrator,
                DelegableRoles.PrivilegedAuthenticationAdministrator,
            ],
            DurationDays = 365,
            RequestedByAccountId = ids["nora.admin@northwind.example"],
            CreatedAt = now,
            RequestExpiresAt = now.AddDays(Features.Relationships.DelegatedAdminRelationship.RequestLifetimeDays),
            ApprovedByAccountId = ids["fumi.suzuki@fabrikam.example"],
            ActivatedAt = now,
            EndsAt = now.AddDays(365),
            Assignments =
            [
                new()
                {
                    AccountId = ids["ken.sato@northwind.example"], AssignedAt = now, AssignedByAccountId = ids["nora.admin@northwind.example"],
                    Roles = [DelegableRoles.DirectoryReader, DelegableRoles.UserAdministrator, DelegableRoles.PrivilegedAuthenticationAdministrator],
                },
                new()
                {
                    AccountId = ids["hana.helpdesk@northwind.example"], AssignedAt = now, AssignedByAccountId = ids["nora.admin@northwind.example"],
                    Roles = [DelegableRoles.DirectoryReader, DelegableRoles.HelpdeskAdministrator],
                },
            ],
        };
        db.DelegatedAdminRelationships.Add(relationship);
        audit.RecordForBoth(AuditEventType.DelegatedAdminApproved, northwind.Id, fabrikam.Id,
            new { relationshipId = relationship.Id, relationship = relationship.DisplayName, roles = relationship.Roles, relationship.DurationDays, source = "demo" });
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Demo ticket numbers (README): one sent signed out, one from a signed-in member with an answer.</summary>
    public const string SignedOutTicket = "PRT-20260001";
    public const string SignedInTicket = "PRT-20260002";

    private async Task SeedSupportRequestsAsync(DateTime now, CancellationToken cancellationToken)
    {
        // Note: the private links of demo tickets are random and never mailed; only their hashes exist.
        SupportRequest Ticket(string number, string category, string email, string culture, Account? account, DateTime created, string description)
        {
            var request = new SupportRequest
            {
                Number = number,
                Category = category,
                Status = SupportRequestStatus.New,
                ContactEmail = email,
                NormalizedContactEmail = email.ToUpperInvariant(),
                Culture = culture,
                AccountId = account?.Id,
                OrganizationId = account?.OrganizationId,
                CreatedUtc = created,
                UpdatedUtc = created,
            };
            request.Messages.Add(new SupportMessage { Author = SupportMessageAuthor.Requester, AuthorAccountId = account?.Id, Body = description, CreatedUtc = created });
            db.SupportRequests.Add(request);
            db.SupportRequestLinks.Add(new SupportRequestLink
            {
                SupportRequestId = request.Id,
                TokenHash = SupportService.Hash(Guid.NewGuid().ToString("N")),
                CreatedUtc = created,
                ExpiresUtc = created.AddDays(30),
            });
            audit.Record(AuditEventType.SupportRequestCreated, null, account?.Id, new { ticket = number, category, contactEmail = email, source = "demo" });
            if (account?.OrganizationId is { } orgId)
            {
                audit.Record(AuditEventType.SupportRequestCreated, orgId, account.Id, new { ticket = number, category, contactEmail = email, source = "demo" });
            }

            return request;
        }

        Ticket(SignedOutTicket, SupportCategories.Password, "jun.ito@fabrikam.example", "ja-JP", null, now.AddHours(-3),
            "パスワードを忘れてしまい、リセットのメールも届きません。サインインできるようにしてください。");

        var sam = await db.Users.SingleAsync(a => a.Kind == AccountKind.Work && a.NormalizedEmail == "SAM.LEE@CONTOSO.EXAMPLE", cancellationToken);
        var sasha = await db.Users.SingleAsync(a => a.Kind == AccountKind.Staff && a.NormalizedEmail == "SASHA.SUPPORT@PORTICO.EXAMPLE", cancellationToken);
        var billing = Ticket(SignedInTicket, SupportCategories.Billing, sam.Email!, "en-US", sam, now.AddDays(-1),
            "Our November invoice lists two seats we removed in October. Can you check?");
        billing.Messages.Add(new SupportMessage
        {
            Author = SupportMessageAuthor.Staff,
            AuthorAccountId = sasha.Id,
            AuthorName = sasha.DisplayName,
            Body = "Thanks, Sam. Could you tell us the invoice number so we can look it up?",
            CreatedUtc = now.AddHours(-20),
        });
        billing.Status = SupportRequestStatus.WaitingOnCustomer;
        billing.UpdatedUtc = now.AddHours(-20);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// Verification checks: a verified organization has all three accepted, with some benefits used; Fabrikam (not
    /// verified) shows the story mid-way: email accepted, domain not started, business waiting on the partner.
    /// </summary>
    private void SeedVerification(Organization org, string contactEmail, string domain, bool verified, DateTime now)
    {
        var legalName = org.DisplayName;
        db.VerificationChecks.AddRange(
            new VerificationCheck
            {
                OrganizationId = org.Id, Kind = VerificationCheckKind.Email, Status = VerificationCheckStatus.Accepted,
                ContactEmail = contactEmail, UpdatedUtc = now, DecidedUtc = now,
            },
            new VerificationCheck
            {
                OrganizationId = org.Id, Kind = VerificationCheckKind.Domain,
                Status = verified ? VerificationCheckStatus.Accepted : VerificationCheckStatus.NotStarted,
                Domain = verified ? domain : null, UpdatedUtc = now, DecidedUtc = verified ? now : null,
            },
            new VerificationCheck
            {
                OrganizationId = org.Id, Kind = VerificationCheckKind.Business,
                Status = verified ? VerificationCheckStatus.Accepted : VerificationCheckStatus.ActionRequired,
                ReasonCode = verified ? null : VerificationReasons.DocumentUnreadable,
                Message = verified ? null : "The registration certificate you sent is too blurry to read. Please upload a clear scan (PDF, PNG or JPEG) of all pages.",
                LegalName = legalName, AddressLine1 = org.Country == "JP" ? "1-2-3 Marunouchi" : "1 Microsoft Way",
                City = org.Country == "JP" ? "Chiyoda-ku, Tokyo" : "Redmond", PostalCode = org.Country == "JP" ? "100-0005" : "98052", Country = org.Country,
                SubmittedUtc = now.AddDays(-3), UpdatedUtc = now, DecidedUtc = now.AddDays(-1),
            });
        if (verified)
        {
            db.OrganizationBenefits.AddRange(
                new OrganizationBenefit { OrganizationId = org.Id, Benefit = "product-licenses", Quantity = 25, Used = 12, UpdatedUtc = now },
                new OrganizationBenefit { OrganizationId = org.Id, Benefit = "presales-hours", Quantity = 20, Used = 6, UpdatedUtc = now },
                new OrganizationBenefit { OrganizationId = org.Id, Benefit = "marketing-credits", Quantity = 5000, Used = 1250, UpdatedUtc = now });
        }
    }

    private void SetPassword(Account account, DemoUser user)
    {
        account.PasswordHash = hasher.HashPassword(account, Password);
        account.MustChangePassword = user.Temporary;
        account.NameReading = user.Reading;
        account.PreferredCulture = user.Culture;
    }
}
