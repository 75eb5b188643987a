using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portico.Web.Data;
using Portico.Web.Features.Accounts;

namespace Portico.Web.Features.Sessions;

public sealed class PorticoSessionOptions
{
    /// <summary>Absolute lifetime of a session.</summary>
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>A session unused for this long ends.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromHours(2);

    public const string CookieName = "portico_session";
}

/// <summary>Creates and ends server-side sessions. Changes are added to the caller's unit of work.</summary>
public sealed class SessionService(AppDbContext db, TimeProvider time, IOptions<PorticoSessionOptions> options)
{
    /// <summary>Adds a session for <paramref name="account"/> and returns the opaque token for the client.</summary>
    public string Create(Account account, SessionClient client, HttpContext? http, bool mfaPending, bool mfaCompleted = false)
    {
        ArgumentNullException.ThrowIfNull(account);
        var now = time.GetUtcNow().UtcDateTime;
        var token = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        var userAgent = http?.Request.Headers.UserAgent.ToString();
        db.Sessions.Add(new UserSession
        {
            AccountId = account.Id,
            TokenHash = HashToken(token),
            Client = client,
            CreatedUtc = now,
            LastSeenUtc = now,
            ExpiresUtc = now + options.Value.Lifetime,
            MfaPending = mfaPending,
            MfaCompleted = mfaCompleted,
            ReauthenticatedUtc = now,
            UserAgent = string.IsNullOrEmpty(userAgent) ? null : userAgent[..Math.Min(userAgent.Length, UserSession.UserAgentMaxLength)],
            IpAddress = http?.Connection.RemoteIpAddress?.ToString(),
        });
        return token;
    }

    /// <summary>Ends every open session of the account except <paramref name="keep"/>; returns how many.</summary>
    public async Task<int> EndAllAsync(Guid accountId, SessionEndReason reason, Guid? keep, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var open = await db.Sessions
            .Where(s => s.AccountId == accountId && s.EndedUtc == null && s.Id != keep)
            .ToListAsync(cancellationToken);
        foreach (var s in open)
        {
            s.EndedUtc = now;
            s.EndReason = reason;
        }

        return open.Count;
    }

    public async Task<bool> EndAsync(Guid accountId, Guid sessionId, SessionEndReason reason, CancellationToken cancellationToken)
    {
        var session = await db.Sessions.SingleOrDefaultAsync(s => s.Id == sessionId && s.AccountId == accountId && s.EndedUtc == null, cancellationToken);
        if (session is null)
        {
            return false;
        }

        session.EndedUtc = time.GetUtcNow().UtcDateTime;
        session.EndReason = reason;
        return true;
    }

    public static string HashToken(string token) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
