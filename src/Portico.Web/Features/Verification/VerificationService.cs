using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Portico.Web.Data;
using Portico.Web.Features.AuditLog;
using Portico.Web.Features.Organizations;
using Portico.Web.Infrastructure;
using Portico.Web.Infrastructure.Api;

namespace Portico.Web.Features.Verification;

/// <summary>
/// Account verification (SPEC §8): the partner's side of the three checks, the VerificationAgent's decisions, and
/// the organization's overall <see cref="VerificationStatus"/>, which is recomputed in the same transaction as every
/// change to a check (it drives the <c>verification</c> access check of benefits and offer publishing).
/// </summary>
/// <remarks>
/// Every write follows one order: validate, load, check the state, change, audit, one <c>SaveChangesAsync</c>, then
/// email. A refused request changes nothing.
/// </remarks>
public sealed class VerificationService(
    AppDbContext db,
    AuditTrail audit,
    TimeProvider time,
    FreeMailDomains freeMail,
    DnsTxtLookup dns,
    VerificationEmails emails,
    ILogger<VerificationService> logger)
{
    public const string DnsRecordPrefix = "portico-verification=";
    public const int MaxDocumentsPerCheck = 20;
    public const int MaxFilesPerUpload = 5;
    public static readonly TimeSpan EmailLinkLifetime = TimeSpan.FromHours(24);

    public static readonly TimeSpan LinkResendInterval = TimeSpan.FromMinutes(1);

    public static readonly IReadOnlyList<VerificationCheckKind> Kinds = [VerificationCheckKind.Email, VerificationCheckKind.Domain, VerificationCheckKind.Business];

    /// <summary>The id of a check in URLs and JSON.</summary>
    public static string Id(VerificationCheckKind kind) => kind.ToString().ToLowerInvariant();

    public static bool TryParseCheck(string? id, out VerificationCheckKind kind)
    {
        foreach (var k in Kinds)
        {
            if (string.Equals(Id(k), id, StringComparison.Ordinal))
            {
                kind = k;
                return true;
            }
        }

        kind = default;
        return false;
    }

    /// <summary>The organization's overall status from its three checks: verified only when all three are accepted.</summary>
    public static VerificationStatus Overall(IReadOnlyCollection<VerificationCheckStatus> statuses)
    {
        if (statuses.Count == Kinds.Count && statuses.All(s => s == VerificationCheckStatus.Accepted))
        {
            return VerificationStatus.Verified;
        }

        if (statuses.Contains(VerificationCheckStatus.Rejected))
        {
            return VerificationStatus.Rejected;
        }

        if (statuses.Contains(VerificationCheckStatus.ActionRequired))
        {
            return VerificationStatus.ActionRequired;
        }

        return statuses.All(s => s == VerificationCheckStatus.NotStarted) ? VerificationStatus.NotStarted : VerificationStatus.Pending;
    }

    public async Task<VerificationView?> GetAsync(Guid organizationId, CancellationToken cancellationToken)
    {
        var org = await db.Organizations.AsNoTracking()
            .Where(o => o.Id == organizationId)
            .Select(o => new { o.Id, o.DisplayName, o.PartnerId, o.VerificationStatus })
            .SingleOrDefaultAsync(cancellationToken);
        if (org is null)
        {
            return null;
        }

        var rows = await db.VerificationChecks.AsNoTracking().Where(c => c.OrganizationId == organizationId).ToListAsync(cancellationToken);
        var documents = await db.VerificationDocuments.AsNoTracking()
            .Where(d => d.OrganizationId == organizationId)
            .OrderBy(d => d.UploadedUtc)
            .Select(d => new { d.Check, View = new DocumentView(d.Id, d.FileName, d.ContentType, d.Length, d.UploadedUtc, d.Comment) })
            .ToListAsync(cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        var checks = Kinds.Select(kind =>
        {
            var row = rows.SingleOrDefault(r => r.Kind == kind) ?? Unstarted(organizationId, kind, org.VerificationStatus);
            return ToView(row, documents.Where(d => d.Check == kind).Select(d => d.View).ToList(), now);
        }).ToList();
        return new VerificationView(org.Id, org.DisplayName, org.PartnerId, org.VerificationStatus.ToString(), checks);
    }

    /// <summary>Email ownership: mails a single-use link to the primary contact's work address.</summary>
    public async Task<VerificationOutcome> SendEmailLinkAsync(ClaimsPrincipal user, Guid organizationId, string email, CancellationToken cancellationToken)
    {
        email = email.Trim();
        var domain = email[(email.LastIndexOf('@') + 1)..];
        if (freeMail.IsFreeMail(domain))
        {
            return VerificationOutcome.Fail(StatusCodes.Status400BadRequest, ErrorCodes.PersonalEmailDomain, "email");
        }

        var (org, check) = await LoadForWriteAsync(organizationId, VerificationCheckKind.Email, cancellationToken);
        if (org is null)
        {
            return VerificationOutcome.Fail(StatusCodes.Status404NotFound, ErrorCodes.NotFound);
        }

        if (IsClosed(check.Status))
        {
            return Closed();
        }

        var now = time.GetUtcNow().UtcDateTime;

        // Note: one link a minute per organization, so the form cannot be used to send mail to anyone in bulk.
        if (check.EmailTokenExpiresUtc is { } previous && previous - EmailLinkLifetime + LinkResendInterval > now)
        {
            return VerificationOutcome.Fail(StatusCodes.Status429TooManyRequests, ErrorCodes.TooManyRequests);
        }

        var token = NewToken(32);
        check.ContactEmail = email;
        check.EmailTokenHash = Hash(token);
        check.EmailTokenExpiresUtc = now + EmailLinkLifetime;
        Touch(check, now);

        // Note: the token is a secret (it proves the mailbox); only the address's domain goes into the audit record.
        audit.Record(AuditEventType.VerificationEmailLinkSent, organizationId, details: new { check = Id(check.Kind), domain });
        await db.SaveChangesAsync(cancellationToken);
        await emails.SendOwnershipLinkAsync(email, org.DisplayName, organizationId, token, check.EmailTokenExpiresUtc.Value, CultureInfo.CurrentUICulture.Name, cancellationToken);
        return VerificationOutcome.Ok;
    }

    /// <summary>The emailed link was opened (by anyone holding it): email ownership is accepted, and the link spent.</summary>
    public async Task<VerificationOutcome> ConfirmEmailAsync(Guid organizationId, string token, CancellationToken cancellationToken)
    {
        var hash = Hash(token);
        var now = time.GetUtcNow().UtcDateTime;
        var check = await db.VerificationChecks.SingleOrDefaultAsync(
            c => c.OrganizationId == organizationId && c.Kind == VerificationCheckKind.Email && c.EmailTokenHash == hash, cancellationToken);

        // Note: unknown, used and expired links get the same answer.
        if (check is null || check.EmailTokenExpiresUtc <= now || IsClosed(check.Status))
        {
            return VerificationOutcome.Fail(StatusCodes.Status400BadRequest, ErrorCodes.VerificationLinkInvalid);
        }

        check.EmailTokenHash = null;
        check.EmailTokenExpiresUtc = null;
        check.Status = VerificationCheckStatus.Accepted;
        check.ReasonCode = null;
        check.Message = null;
        check.DecidedUtc = now;
        check.DecidedById = null;
        Touch(check, now);
        var org = await db.Organizations.SingleAsync(o => o.Id == organizationId, cancellationToken);
        await RecomputeAsync(org, check, cancellationToken);
        audit.Record(AuditEventType.VerificationEmailConfirmed, organizationId, details: new { check = Id(check.Kind), status = check.Status.ToString(), organizationStatus = org.VerificationStatus.ToString() });
        await db.SaveChangesAsync(cancellationToken);
        return VerificationOutcome.Ok;
    }

    /// <summary>Employment/domain: chooses the domain and issues the TXT record to publish in it.</summary>
    public async Task<VerificationOutcome> IssueDomainRecordAsync(Guid organizationId, string domain, CancellationToken cancellationToken)
    {
        var ascii = NormalizeDomain(domain);
        if (ascii is null)
        {
            return VerificationOutcome.Fail(StatusCodes.Status400BadRequest, ErrorCodes.ValidationFailed, "domain");
        }

        if (freeMail.IsFreeMail(ascii))
        {
            return VerificationOutcome.Fail(StatusCodes.Status400BadRequest, ErrorCodes.PersonalEmailDomain, "domain");
        }

        var (org, check) = await LoadForWriteAsync(organizationId, VerificationCheckKind.Domain, cancellationToken);
        if (org is null)
        {
            return VerificationOutcome.Fail(StatusCodes.Status404NotFound, ErrorCodes.NotFound);
        }

        if (IsClosed(check.Status))
        {
            return Closed();
        }

        if (check.Domain != ascii || check.DnsToken is null)
        {
            check.Domain = ascii;
            check.DnsToken = NewToken(24);
        }

        Touch(check, time.GetUtcNow().UtcDateTime);
        audit.Record(AuditEventType.VerificationDomainRecordIssued, organizationId, details: new { check = Id(check.Kind), domain = ascii });
        await db.SaveChangesAsync(cancellationToken);
        return VerificationOutcome.Ok;
    }

    /// <summary>Employment/domain: looks the TXT record up; a match accepts the check, anything else changes nothing.</summary>
    public async Task<VerificationOutcome> ConfirmDomainAsync(Guid organizationId, CancellationToken cancellationToken)
    {
        var (org, check) = await LoadForWriteAsync(organizationId, VerificationCheckKind.Domain, cancellationToken);
        if (org is null)
        {
            return VerificationOutcome.Fail(StatusCodes.Status404NotFound, ErrorCodes.NotFound);
        }

        if (IsClosed(check.Status))
        {
            return Closed();
        }

        if (check.Domain is null || check.DnsToken is null)
        {
            return VerificationOutcome.Fail(StatusCodes.Status409Conflict, ErrorCodes.DnsRecordNotIssued);
        }

        var result = await dns.LookupAsync(check.Domain, cancellationToken);
        if (result.ResolverFailed)
        {
            VerificationLog.DnsResolverFailed(logger);
            return VerificationOutcome.Fail(StatusCodes.Status503ServiceUnavailable, ErrorCodes.DnsUnavailable);
        }

        var expected = DnsRecordPrefix + check.DnsToken;
        if (!result.Records.Any(r => string.Equals(r.Trim(), expected, StringComparison.Ordinal)))
        {
            return VerificationOutcome.Fail(StatusCodes.Status422UnprocessableEntity, ErrorCodes.DnsRecordMismatch);
        }

        var now = time.GetUtcNow().UtcDateTime;
        check.Status = VerificationCheckStatus.Accepted;
        check.ReasonCode = null;
        check.Message = null;
        check.DecidedUtc = now;
        check.DecidedById = null;
        Touch(check, now);
        await db.Entry(org).Collection(o => o.Domains).LoadAsync(cancellationToken);
        if (!org.Domains.Any(d => d.Domain == check.Domain))
        {
            org.Domains.Add(new OrganizationDomain { OrganizationId = org.Id, Domain = check.Domain });
        }

        await RecomputeAsync(org, check, cancellationToken);
        audit.Record(AuditEventType.VerificationDomainConfirmed, organizationId,
            details: new { check = Id(check.Kind), domain = check.Domain, organizationStatus = org.VerificationStatus.ToString() });
        await db.SaveChangesAsync(cancellationToken);
        return VerificationOutcome.Ok;
    }

    /// <summary>Business: the legal name and address, submitted for review (the check goes to Pending).</summary>
    public async Task<VerificationOutcome> SubmitBusinessAsync(Guid organizationId, BusinessCheckView details, CancellationToken cancellationToken)
    {
        var (org, check) = await LoadForWriteAsync(organizationId, VerificationCheckKind.Business, cancellationToken);
        if (org is null)
        {
            return VerificationOutcome.Fail(StatusCodes.Status404NotFound, ErrorCodes.NotFound);
        }

        if (IsClosed(check.Status))
        {
            return Closed();
        }

        check.LegalName = details.LegalName!.Trim();
        check.AddressLine1 = details.AddressLine1!.Trim();
        check.AddressLine2 = string.IsNullOrWhiteSpace(details.AddressLine2) ? null : details.AddressLine2.Trim();
        check.City = details.City!.Trim();
        check.PostalCode = details.PostalCode!.Trim();
        check.Country = details.Country!.Trim().ToUpperInvariant();
        ToPending(check, comment: null);
        await RecomputeAsync(org, check, cancellationToken);
        audit.Record(AuditEventType.VerificationBusinessDetailsSubmitted, organizationId,
            details: new { check = Id(check.Kind), country = check.Country, organizationStatus = org.VerificationStatus.ToString() });
        await db.SaveChangesAsync(cancellationToken);
        return VerificationOutcome.Ok;
    }

    /// <summary>
    /// <em>Fix now</em>: documents (PDF, PNG or JPEG by their content, each at most 10 MB) with a comment; the check
    /// goes back to Pending for a VerificationAgent.
    /// </summary>
    public async Task<VerificationOutcome> UploadDocumentsAsync(
        Guid organizationId, Guid uploaderId, VerificationCheckKind kind, IReadOnlyList<IncomingFile> files, string? comment, CancellationToken cancellationToken)
    {
        if (files.Count == 0)
        {
            return VerificationOutcome.Fail(StatusCodes.Status400BadRequest, ErrorCodes.FileRequired, "files");
        }

        if (files.Count > MaxFilesPerUpload)
        {
            return VerificationOutcome.Fail(StatusCodes.Status400BadRequest, ErrorCodes.TooManyDocuments, "files");
        }

        var accepted = new List<(IncomingFile File, string ContentType)>();
        foreach (var file in files)
        {
            if (file.Content.Length == 0)
            {
                return VerificationOutcome.Fail(StatusCodes.Status400BadRequest, ErrorCodes.FileEmpty, "files");
            }

            if (file.Content.Length > VerificationDocument.MaxBytes)
            {
                return VerificationOutcome.Fail(StatusCodes.Status413PayloadTooLarge, ErrorCodes.FileTooLarge, "files");
            }

            if (DocumentFiles.Sniff(file.Content) is not { } contentType)
            {
                return VerificationOutcome.Fail(StatusCodes.Status415UnsupportedMediaType, ErrorCodes.FileTypeNotAccepted, "files");
            }

            accepted.Add((file, contentType));
        }

        var (org, check) = await LoadForWriteAsync(organizationId, kind, cancellationToken);
        if (org is null)
        {
            return VerificationOutcome.Fail(StatusCodes.Status404NotFound, ErrorCodes.NotFound);
        }

        if (IsClosed(check.Status))
        {
            return Closed();
        }

        if (kind == VerificationCheckKind.Business && check.LegalName is null)
        {
            return VerificationOutcome.Fail(StatusCodes.Status409Conflict, ErrorCodes.BusinessDetailsRequired);
        }

        var existing = await db.VerificationDocuments.CountAsync(d => d.OrganizationId == organizationId && d.Check == kind, cancellationToken);
        if (existing + accepted.Count > MaxDocumentsPerCheck)
        {
            return VerificationOutcome.Fail(StatusCodes.Status409Conflict, ErrorCodes.TooManyDocuments, "files");
        }

        var now = time.GetUtcNow().UtcDateTime;
        var names = new List<string>();
        foreach (var (file, contentType) in accepted)
        {
            var document = new VerificationDocument
            {
                OrganizationId = organizationId,
                Check = kind,
                FileName = DocumentFiles.SafeFileName(file.FileName, contentType),
                ContentType = contentType,
                Length = file.Content.Length,
                Sha256 = Convert.ToHexStringLower(SHA256.HashData(file.Content)),
                Content = file.Content,
                Comment = string.IsNullOrWhiteSpace(comment) ? null : comment.Trim(),
                UploadedById = uploaderId,
                UploadedUtc = now,
            };
            db.VerificationDocuments.Add(document);
            names.Add(document.FileName);
        }

        ToPending(check, comment);
        await RecomputeAsync(org, check, cancellationToken);

        audit.Record(AuditEventType.VerificationDocumentsUploaded, organizationId,
            details: new { check = Id(kind), files = names, organizationStatus = org.VerificationStatus.ToString() });
        await db.SaveChangesAsync(cancellationToken);
        return VerificationOutcome.Ok;
    }

    /// <summary>A VerificationAgent's decision on a Pending check; audited in the organization's and the platform's chain.</summary>
    public async Task<VerificationOutcome> DecideAsync(
        ClaimsPrincipal agent, Guid organizationId, VerificationCheckKind kind, VerificationCheckStatus decision, string? reasonCode, string? message, CancellationToken cancellationToken)
    {
        var org = await db.Organizations.SingleOrDefaultAsync(o => o.Id == organizationId, cancellationToken);
        if (org is null)
        {
            return VerificationOutcome.Fail(StatusCodes.Status404NotFound, ErrorCodes.NotFound);
        }

        var check = await db.VerificationChecks.SingleOrDefaultAsync(c => c.OrganizationId == organizationId && c.Kind == kind, cancellationToken);
        if (check is null || check.Status != VerificationCheckStatus.Pending)
        {
            return VerificationOutcome.Fail(StatusCodes.Status409Conflict, ErrorCodes.VerificationCheckNotPending);
        }

        var now = time.GetUtcNow().UtcDateTime;
        check.Status = decision;
        check.ReasonCode = decision == VerificationCheckStatus.Accepted ? null : reasonCode;
        check.Message = string.IsNullOrWhiteSpace(message) ? null : message.Trim();
        check.DecidedUtc = now;
        check.DecidedById = agent.AccountId();
        Touch(check, now);
        await RecomputeAsync(org, check, cancellationToken);

        var details = new
        {
            organizationId,
            check = Id(kind),
            decision = decision.ToString(),
            reasonCode = check.ReasonCode,
            organizationStatus = org.VerificationStatus.ToString(),
        };
        audit.Record(AuditEventType.VerificationCheckDecided, organizationId, details: details);
        audit.Record(AuditEventType.VerificationCheckDecided, targetOrganizationId: null, details: details);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Note: another agent decided the same check first.
            return VerificationOutcome.Fail(StatusCodes.Status409Conflict, ErrorCodes.VerificationCheckNotPending);
        }

        await emails.SendDecisionAsync(organizationId, org.DisplayName, kind, decision, check.ReasonCode, check.Message, cancellationToken);
        return VerificationOutcome.Ok;
    }

    /// <summary>A document of <paramref name="organizationId"/>, for a download by that organization or by an agent.</summary>
    public Task<VerificationDocument?> DocumentAsync(Guid organizationId, Guid documentId, CancellationToken cancellationToken) =>
        db.VerificationDocuments.AsNoTracking().SingleOrDefaultAsync(d => d.Id == documentId && d.OrganizationId == organizationId, cancellationToken);

    /// <summary>Records that operator staff read a document (the organization's chain: they see who looked).</summary>
    public async Task RecordStaffDownloadAsync(VerificationDocument document, CancellationToken cancellationToken)
    {
        audit.Record(AuditEventType.VerificationDocumentDownloaded, document.OrganizationId,
            details: new { check = Id(document.Check), documentId = document.Id, fileName = document.FileName });
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>The operator's queue: oldest submission first, filtered by check, status and organization (name or Partner ID).</summary>
    public async Task<IReadOnlyList<QueueItem>> QueueAsync(VerificationCheckKind? kind, VerificationCheckStatus? status, string? organization, int limit, CancellationToken cancellationToken)
    {
        var query = db.VerificationChecks.AsNoTracking().AsQueryable();
        if (kind is { } k)
        {
            query = query.Where(c => c.Kind == k);
        }

        if (status is { } s)
        {
            query = query.Where(c => c.Status == s);
        }

        var rows = query.Join(db.Organizations, c => c.OrganizationId, o => o.Id, (c, o) => new { Check = c, o.DisplayName, o.PartnerId });
        if (!string.IsNullOrWhiteSpace(organization))
        {
            // Note: lower-cased on both sides so SQLite and PostgreSQL match alike (PostgreSQL's LIKE is case-sensitive).
            var term = organization.Trim();
            var lower = term.ToLowerInvariant();
#pragma warning disable CA1862 // Note: runs as SQL (LOWER … LIKE); the StringComparison overload does not translate.
            rows = rows.Where(r => r.PartnerId == term || r.DisplayName.ToLower().Contains(lower));
#pragma warning restore CA1862
        }

        var list = await rows
            .OrderBy(r => r.Check.SubmittedUtc == null)
            .ThenBy(r => r.Check.SubmittedUtc)
            .ThenBy(r => r.Check.UpdatedUtc)
            .Take(Math.Clamp(limit, 1, 200))
            .Select(r => new
            {
                r.Check.OrganizationId, r.DisplayName, r.PartnerId, r.Check.Kind, r.Check.Status, r.Check.SubmittedUtc, r.Check.UpdatedUtc,
                Documents = db.VerificationDocuments.Count(d => d.OrganizationId == r.Check.OrganizationId && d.Check == r.Check.Kind),
            })
            .ToListAsync(cancellationToken);
        return list.Select(r => new QueueItem(r.OrganizationId, r.DisplayName, r.PartnerId, Id(r.Kind), r.Status.ToString(), r.SubmittedUtc, r.UpdatedUtc, r.Documents)).ToList();
    }

    /// <summary>A DNS name in its ASCII (IDNA) form, or null when it is not a valid one with at least two labels.</summary>
    public static string? NormalizeDomain(string? domain)
    {
        if (string.IsNullOrWhiteSpace(domain))
        {
            return null;
        }

        string ascii;
        try
        {
            ascii = new IdnMapping().GetAscii(domain.Trim().TrimEnd('.')).ToLowerInvariant();
        }
        catch (ArgumentException)
        {
            return null;
        }

        var labels = ascii.Split('.');
        var valid = ascii.Length <= OrganizationDomain.DomainMaxLength
            && labels.Length >= 2
            && labels.All(l => l.Length is > 0 and <= 63 && !l.StartsWith('-') && !l.EndsWith('-') && l.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'));
        return valid ? ascii : null;
    }

    private async Task<(Organization? Org, VerificationCheck Check)> LoadForWriteAsync(Guid organizationId, VerificationCheckKind kind, CancellationToken cancellationToken)
    {
        var org = await db.Organizations.SingleOrDefaultAsync(o => o.Id == organizationId, cancellationToken);
        if (org is null)
        {
            return (null, null!);
        }

        var check = await db.VerificationChecks.SingleOrDefaultAsync(c => c.OrganizationId == organizationId && c.Kind == kind, cancellationToken);
        if (check is null)
        {
            check = Unstarted(organizationId, kind, org.VerificationStatus);
            check.UpdatedUtc = time.GetUtcNow().UtcDateTime;
            db.VerificationChecks.Add(check);
        }

        return (org, check);
    }

    /// <summary>
    /// The check of an organization with no row for it: not started, except in an organization verified before
    /// checks were recorded, where it counts as accepted (so a verified organization stays verified).
    /// </summary>
    private static VerificationCheck Unstarted(Guid organizationId, VerificationCheckKind kind, VerificationStatus organizationStatus) => new()
    {
        OrganizationId = organizationId,
        Kind = kind,
        Status = organizationStatus == VerificationStatus.Verified ? VerificationCheckStatus.Accepted : VerificationCheckStatus.NotStarted,
    };

    private async Task RecomputeAsync(Organization org, VerificationCheck changed, CancellationToken cancellationToken)
    {
        var others = await db.VerificationChecks.AsNoTracking()
            .Where(c => c.OrganizationId == org.Id && c.Kind != changed.Kind)
            .Select(c => new { c.Kind, c.Status })
            .ToListAsync(cancellationToken);
        var statuses = Kinds.Select(k => k == changed.Kind
            ? changed.Status
            : others.SingleOrDefault(o => o.Kind == k)?.Status
                ?? (org.VerificationStatus == VerificationStatus.Verified ? VerificationCheckStatus.Accepted : VerificationCheckStatus.NotStarted)).ToList();
        org.VerificationStatus = Overall(statuses);
    }

    private void ToPending(VerificationCheck check, string? comment)
    {
        var now = time.GetUtcNow().UtcDateTime;
        if (check.Status != VerificationCheckStatus.Pending)
        {
            check.SubmittedUtc = now;
        }

        check.Status = VerificationCheckStatus.Pending;
        check.ReasonCode = null;
        check.Message = null;
        check.DecidedUtc = null;
        check.DecidedById = null;
        if (!string.IsNullOrWhiteSpace(comment))
        {
            check.Comment = comment.Trim();
        }

        Touch(check, now);
    }

    private static void Touch(VerificationCheck check, DateTime now)
    {
        check.UpdatedUtc = now;
        check.Version = Guid.NewGuid();
    }

    private static bool IsClosed(VerificationCheckStatus status) =>
        status is VerificationCheckStatus.Accepted or VerificationCheckStatus.Rejected;

    private static VerificationOutcome Closed() => VerificationOutcome.Fail(StatusCodes.Status409Conflict, ErrorCodes.VerificationCheckClosed);

    private static CheckView ToView(VerificationCheck row, IReadOnlyList<DocumentView> documents, DateTime now)
    {
        var linkPending = row.EmailTokenHash is not null && row.EmailTokenExpiresUtc > now;
        var next = row.Status switch
        {
            VerificationCheckStatus.Accepted => NextSteps.None,
            VerificationCheckStatus.Rejected => NextSteps.ContactSupport,
            VerificationCheckStatus.Pending => NextSteps.WaitForReview,
            VerificationCheckStatus.ActionRequired => NextSteps.FixNow,
            _ => row.Kind switch
            {
                VerificationCheckKind.Email => linkPending ? NextSteps.OpenLink : NextSteps.SendLink,
                VerificationCheckKind.Domain => NextSteps.PublishRecord,
                _ => NextSteps.SubmitDetails,
            },
        };
        return new CheckView(
            Id(row.Kind),
            row.Status.ToString(),
            row.ReasonCode,
            row.Message,
            row.ReasonCode is { } code ? VerificationReasons.HelpUrl(code) : null,
            next,
            row.SubmittedUtc,
            row.DecidedUtc,
            row.Comment,
            row.Kind == VerificationCheckKind.Email ? new EmailCheckView(row.ContactEmail, linkPending ? row.EmailTokenExpiresUtc : null) : null,
            row.Kind == VerificationCheckKind.Domain
                ? new DomainCheckView(row.Domain, row.Domain, row.DnsToken is null ? null : DnsRecordPrefix + row.DnsToken)
                : null,
            row.Kind == VerificationCheckKind.Business
                ? new BusinessCheckView(row.LegalName, row.AddressLine1, row.AddressLine2, row.City, row.PostalCode, row.Country)
                : null,
            documents);
    }

    private static string NewToken(int bytes) =>
        Microsoft.AspNetCore.WebUtilities.WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(bytes));

    private static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}

internal static partial class VerificationLog
{
    [LoggerMessage(EventId = 9000, Level = LogLevel.Warning, Message = "The DNS resolver did not answer a verification TXT lookup.")]
    public static partial void DnsResolverFailed(ILogger logger);
}
