using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Portico.Web.Data;
using Portico.Web.Features.AuditLog;
using Portico.Web.Features.SignIn;
using Portico.Web.Infrastructure;
using Portico.Web.Infrastructure.Api;
using Portico.Web.Infrastructure.Email;
using Portico.Web.Infrastructure.Localization;
using Portico.Web.Resources;

namespace Portico.Web.Features.Support;

public sealed class SupportOptions
{
    /// <summary>New requests accepted per contact email (or account) per hour; more are silently dropped (signed out).</summary>
    public int RequestsPerEmailPerHour { get; set; } = 5;

    /// <summary>How long a mailed private link opens its ticket.</summary>
    public TimeSpan LinkLifetime { get; set; } = TimeSpan.FromDays(30);
}

public static class SupportErrors
{
    public const string Closed = "support_request_closed";
    public const string InvalidTransition = "invalid_status_transition";
    public const string LinkInvalid = "support_link_invalid";
}

public sealed record SupportSubmission(string Category, string Description, string ContactEmail);

public sealed record SupportMessageView(string Author, string? AuthorName, string Body, DateTime CreatedUtc);

public sealed record SupportRequestSummary(
    Guid Id,
    string Number,
    string Category,
    string Status,
    string ContactEmail,
    Guid? AccountId,
    Guid? OrganizationId,
    string? OrganizationName,
    DateTime CreatedUtc,
    DateTime UpdatedUtc);

public sealed record SupportRequestDetail(
    Guid Id,
    string Number,
    string Category,
    string Status,
    string ContactEmail,
    Guid? AccountId,
    Guid? OrganizationId,
    string? OrganizationName,
    DateTime CreatedUtc,
    DateTime UpdatedUtc,
    IReadOnlyList<SupportMessageView> Messages);

public sealed record SupportPage(IReadOnlyList<SupportRequestSummary> Items, int Page, int PageSize, int Total);

/// <summary>What a submission led to. <see cref="Request"/> is null when nothing was stored (per-email limit).</summary>
public sealed record SupportSubmissionResult(SupportRequest? Request, bool Limited);

public sealed record SupportResult(int Status, string? Error, SupportRequest? Request)
{
    public bool Succeeded => Error is null;
}

/// <summary>
/// Support requests (SPEC §9): contact support signed out or signed in, a confirmation email with the ticket number
/// and a private link, the requester's replies (link or account), and the SupportAgents' replies and status changes.
/// </summary>
/// <remarks>
/// Blocks account enumeration and mail flooding: a signed-out submission never looks at accounts, so its answer and
/// work do not depend on whether the email has one; past <see cref="SupportOptions.RequestsPerEmailPerHour"/> nothing
/// is stored or mailed, yet the answer stays the same. Private links are 256-bit random tokens stored only as SHA-256
/// and expire; audit records carry the ticket number, never a token or the message text.
/// </remarks>
public sealed class SupportService(
    AppDbContext db,
    AuditTrail audit,
    IEmailSender email,
    IStringLocalizer<SharedResource> t,
    IConfiguration configuration,
    IOptions<SupportOptions> options,
    TimeProvider time)
{
    private string BaseUrl => (configuration["Portico:PublicUrl"] ?? "http://localhost:5080").TrimEnd('/');

    /// <summary>Stores a request, mails its confirmation, or (over the per-email limit) records only that one was dropped.</summary>
    public async Task<SupportSubmissionResult> SubmitAsync(SupportSubmission submission, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(submission);
        var now = time.GetUtcNow().UtcDateTime;
        var contact = submission.ContactEmail.Trim();
        var normalized = SignInService.NormalizeEmail(contact);
        var accountId = user.Identity?.IsAuthenticated == true ? user.AccountId() : null;
        var organizationId = accountId is null ? null : user.OrganizationId();

        var since = now.AddHours(-1);
        var recent = await db.SupportRequests.CountAsync(r => r.CreatedUtc > since
            && (r.NormalizedContactEmail == normalized || (accountId != null && r.AccountId == accountId)), cancellationToken);
        if (recent >= options.Value.RequestsPerEmailPerHour)
        {
            audit.Record(AuditEventType.SupportRequestSuppressed, targetAccountId: accountId,
                details: new { contactEmail = contact, category = submission.Category, reason = "per_email_limit" });
            await db.SaveChangesAsync(cancellationToken);
            return new(null, true);
        }

        var culture = accountId is { } id
            ? await db.Users.Where(a => a.Id == id).Select(a => a.PreferredCulture).SingleOrDefaultAsync(cancellationToken)
            : null;
        var request = new SupportRequest
        {
            Number = await NewNumberAsync(cancellationToken),
            Category = submission.Category,
            Status = SupportRequestStatus.New,
            ContactEmail = contact,
            NormalizedContactEmail = normalized,
            Culture = Cultures.Normalize(culture ?? CultureInfo.CurrentUICulture.Name),
            AccountId = accountId,
            OrganizationId = organizationId,
            CreatedUtc = now,
            UpdatedUtc = now,
        };
        request.Messages.Add(new SupportMessage
        {
            Author = SupportMessageAuthor.Requester,
            AuthorAccountId = accountId,
            Body = submission.Description.Trim(),
            CreatedUtc = now,
        });
        db.SupportRequests.Add(request);
        var token = NewLink(request, now);
        RecordOnChains(AuditEventType.SupportRequestCreated, request,
            new { ticket = request.Number, category = request.Category, contactEmail = contact, signedIn = accountId is not null });
        await db.SaveChangesAsync(cancellationToken);

        await SendAsync(request, "Email.SupportReceived", token, submission.Description.Trim(), cancellationToken);
        return new(request, false);
    }

    /// <summary>The ticket a private-link token opens, or null when the token is unknown, altered or expired.</summary>
    public async Task<SupportRequest?> FindByTokenAsync(string? token, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > 128)
        {
            return null;
        }

        var hash = Hash(token);
        var now = time.GetUtcNow().UtcDateTime;
        var requestId = await db.SupportRequestLinks.AsNoTracking()
            .Where(l => l.TokenHash == hash && l.ExpiresUtc > now)
            .Select(l => (Guid?)l.SupportRequestId)
            .SingleOrDefaultAsync(cancellationToken);
        return requestId is { } id ? await db.SupportRequests.SingleOrDefaultAsync(r => r.Id == id, cancellationToken) : null;
    }

    /// <summary>The requester answers (through the private link, or signed in): waiting or resolved tickets re-open.</summary>
    public async Task<SupportResult> ReplyAsRequesterAsync(SupportRequest request, string body, Guid? accountId, string via, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Status == SupportRequestStatus.Closed)
        {
            return new(StatusCodes.Status409Conflict, SupportErrors.Closed, request);
        }

        var now = time.GetUtcNow().UtcDateTime;
        var from = request.Status;
        db.SupportMessages.Add(new SupportMessage
        {
            SupportRequestId = request.Id,
            Author = SupportMessageAuthor.Requester,
            AuthorAccountId = accountId,
            Body = body.Trim(),
            CreatedUtc = now,
        });
        if (request.Status is SupportRequestStatus.WaitingOnCustomer or SupportRequestStatus.Resolved)
        {
            request.Status = SupportRequestStatus.Open;
        }

        request.UpdatedUtc = now;
        RecordOnChains(AuditEventType.SupportReplyByRequester, request,
            new { ticket = request.Number, via, from = from.ToString(), to = request.Status.ToString() }, accountId);
        await db.SaveChangesAsync(cancellationToken);
        return new(StatusCodes.Status200OK, null, request);
    }

    /// <summary>A SupportAgent answers; the requester is mailed the reply with a fresh private link, in their language.</summary>
    public async Task<SupportResult> ReplyAsStaffAsync(
        ClaimsPrincipal staff, Guid requestId, string body, SupportRequestStatus? statusAfter, CancellationToken cancellationToken)
    {
        var request = await db.SupportRequests.SingleOrDefaultAsync(r => r.Id == requestId, cancellationToken);
        if (request is null)
        {
            return new(StatusCodes.Status404NotFound, ErrorCodes.NotFound, null);
        }

        if (request.Status == SupportRequestStatus.Closed)
        {
            return new(StatusCodes.Status409Conflict, SupportErrors.Closed, request);
        }

        var to = statusAfter ?? SupportRequestStatus.WaitingOnCustomer;
        if (to is SupportRequestStatus.New)
        {
            return new(StatusCodes.Status409Conflict, SupportErrors.InvalidTransition, request);
        }

        var now = time.GetUtcNow().UtcDateTime;
        var from = request.Status;
        db.SupportMessages.Add(new SupportMessage
        {
            SupportRequestId = request.Id,
            Author = SupportMessageAuthor.Staff,
            AuthorAccountId = staff.AccountId(),
            AuthorName = staff.Identity?.Name,
            Body = body.Trim(),
            CreatedUtc = now,
        });
        request.Status = to;
        request.UpdatedUtc = now;
        var token = NewLink(request, now);
        RecordOnChains(AuditEventType.SupportReplyByStaff, request, new { ticket = request.Number, from = from.ToString(), to = to.ToString() });
        await db.SaveChangesAsync(cancellationToken);

        await SendAsync(request, "Email.SupportReply", token, body.Trim(), cancellationToken);
        return new(StatusCodes.Status200OK, null, request);
    }

    /// <summary>A SupportAgent moves the ticket (see <see cref="CanMove"/>); the requester is told when it is resolved or closed.</summary>
    public async Task<SupportResult> ChangeStatusAsync(ClaimsPrincipal staff, Guid requestId, SupportRequestStatus to, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(staff);
        var request = await db.SupportRequests.SingleOrDefaultAsync(r => r.Id == requestId, cancellationToken);
        if (request is null)
        {
            return new(StatusCodes.Status404NotFound, ErrorCodes.NotFound, null);
        }

        if (request.Status == SupportRequestStatus.Closed)
        {
            return new(StatusCodes.Status409Conflict, SupportErrors.Closed, request);
        }

        if (!CanMove(request.Status, to))
        {
            return new(StatusCodes.Status409Conflict, SupportErrors.InvalidTransition, request);
        }

        var from = request.Status;
        var now = time.GetUtcNow().UtcDateTime;
        request.Status = to;
        request.UpdatedUtc = now;
        string? token = null;
        if (to is SupportRequestStatus.Resolved or SupportRequestStatus.Closed)
        {
            token = NewLink(request, now);
        }

        RecordOnChains(AuditEventType.SupportStatusChanged, request, new { ticket = request.Number, from = from.ToString(), to = to.ToString() });
        await db.SaveChangesAsync(cancellationToken);
        if (token is not null)
        {
            await SendAsync(request, "Email.Support" + to, token, "", cancellationToken);
        }

        return new(StatusCodes.Status200OK, null, request);
    }

    /// <summary>
    /// The status moves staff may make: anything but back to New, never to the same status, and nothing out of Closed
    /// (a closed ticket is final; a follow-up is a new request).
    /// </summary>
    public static bool CanMove(SupportRequestStatus from, SupportRequestStatus to) =>
        from != SupportRequestStatus.Closed && to != SupportRequestStatus.New && from != to;

    public async Task<SupportRequestDetail?> DetailAsync(Guid requestId, CancellationToken cancellationToken)
    {
        var request = await db.SupportRequests.AsNoTracking()
            .Where(r => r.Id == requestId)
            .Select(r => new { Request = r, OrganizationName = r.Organization != null ? r.Organization.DisplayName : null })
            .SingleOrDefaultAsync(cancellationToken);
        if (request is null)
        {
            return null;
        }

        var messages = await db.SupportMessages.AsNoTracking()
            .Where(m => m.SupportRequestId == requestId)
            .OrderBy(m => m.CreatedUtc).ThenBy(m => m.Id)
            .Select(m => new SupportMessageView(m.Author.ToString(), m.AuthorName, m.Body, m.CreatedUtc))
            .ToListAsync(cancellationToken);
        var r = request.Request;
        return new SupportRequestDetail(r.Id, r.Number, r.Category, r.Status.ToString(), r.ContactEmail, r.AccountId, r.OrganizationId,
            request.OrganizationName, r.CreatedUtc, r.UpdatedUtc, messages);
    }

    /// <summary>The resolved and closed tickets listed, newest first; tickets still being worked are listed however many and however old.</summary>
    public const int EndedListed = 200;

    /// <summary>The tickets an account opened while signed in, newest first.</summary>
    public Task<List<SupportRequestSummary>> ForAccountAsync(Guid accountId, CancellationToken cancellationToken) =>
        ListedAsync(db.SupportRequests.Where(r => r.AccountId == accountId), cancellationToken);

    /// <summary>The tickets an organization's members opened, newest first (for its Global admins).</summary>
    public Task<List<SupportRequestSummary>> ForOrganizationAsync(Guid organizationId, CancellationToken cancellationToken) =>
        ListedAsync(db.SupportRequests.Where(r => r.OrganizationId == organizationId), cancellationToken);

    /// <summary>The operator queue: optional status and category filters, oldest activity first, paged.</summary>
    public async Task<SupportPage> QueueAsync(SupportRequestStatus? status, string? category, int page, int pageSize, CancellationToken cancellationToken)
    {
        var query = db.SupportRequests.AsNoTracking();
        if (status is { } s)
        {
            query = query.Where(r => r.Status == s);
        }

        if (category is not null)
        {
            query = query.Where(r => r.Category == category);
        }

        var total = await query.CountAsync(cancellationToken);
        var items = await query
            .OrderBy(r => r.UpdatedUtc).ThenBy(r => r.Id)
            .Skip((page - 1) * pageSize).Take(pageSize)
            .Select(r => new SupportRequestSummary(r.Id, r.Number, r.Category, r.Status.ToString(), r.ContactEmail, r.AccountId, r.OrganizationId,
                r.Organization != null ? r.Organization.DisplayName : null, r.CreatedUtc, r.UpdatedUtc))
            .ToListAsync(cancellationToken);
        return new SupportPage(items, page, pageSize, total);
    }

    public static string Hash(string token) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>
    /// Every ticket of <paramref name="tickets"/> still being worked (new, open, waiting on the customer), and the newest
    /// <see cref="EndedListed"/> ended ones: a ticket waiting for a reply is never pushed off the list by old ones.
    /// </summary>
    private static async Task<List<SupportRequestSummary>> ListedAsync(IQueryable<SupportRequest> tickets, CancellationToken cancellationToken)
    {
        var ended = new[] { SupportRequestStatus.Resolved, SupportRequestStatus.Closed };
        var active = await Summaries(tickets.Where(r => !ended.Contains(r.Status))).ToListAsync(cancellationToken);
        var recent = await Summaries(tickets.Where(r => ended.Contains(r.Status))).Take(EndedListed).ToListAsync(cancellationToken);
        return [.. active.Concat(recent).OrderByDescending(r => r.CreatedUtc).ThenByDescending(r => r.Id)];
    }

    private static IQueryable<SupportRequestSummary> Summaries(IQueryable<SupportRequest> query) =>
        query.AsNoTracking()
            .OrderByDescending(r => r.CreatedUtc).ThenByDescending(r => r.Id)
            .Select(r => new SupportRequestSummary(r.Id, r.Number, r.Category, r.Status.ToString(), r.ContactEmail, r.AccountId, r.OrganizationId,
                r.Organization != null ? r.Organization.DisplayName : null, r.CreatedUtc, r.UpdatedUtc));

    private string NewLink(SupportRequest request, DateTime now)
    {
        var token = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        db.SupportRequestLinks.Add(new SupportRequestLink
        {
            SupportRequestId = request.Id,
            TokenHash = Hash(token),
            CreatedUtc = now,
            ExpiresUtc = now + options.Value.LinkLifetime,
        });
        return token;
    }

    private async Task<string> NewNumberAsync(CancellationToken cancellationToken)
    {
        // Note: 90 million numbers; a collision is rare and simply draws again (the unique index is the backstop).
        while (true)
        {
            var number = "PRT-" + RandomNumberGenerator.GetInt32(10_000_000, 100_000_000).ToString(CultureInfo.InvariantCulture);
            if (!await db.SupportRequests.AnyAsync(r => r.Number == number, cancellationToken))
            {
                return number;
            }
        }
    }

    /// <summary>Every support event goes to the platform chain (the operator's record) and, for an org's ticket, to the org's chain.</summary>
    private void RecordOnChains(AuditEventType type, SupportRequest request, object details, Guid? actor = null)
    {
        audit.Record(type, null, request.AccountId, details, actor);
        if (request.OrganizationId is { } organizationId)
        {
            audit.Record(type, organizationId, request.AccountId, details, actor);
        }
    }

    private async Task SendAsync(SupportRequest request, string key, string token, string text, CancellationToken cancellationToken)
    {
        var link = $"{BaseUrl}/Support/Ticket?token={Uri.EscapeDataString(token)}";
        var days = (int)options.Value.LinkLifetime.TotalDays;
        EmailMessage message;
        using (CultureScope.Use(request.Culture))
        {
            var category = t["SupportCategory." + request.Category].Value;
            message = new EmailMessage(request.ContactEmail, t[key + ".Subject", request.Number, category],
                t[key + ".Body", request.Number, category, text, link, days]);
        }

        await email.SendAsync(message, cancellationToken);
    }
}
