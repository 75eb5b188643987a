using Microsoft.EntityFrameworkCore;
using Portico.Web.Data;

namespace Portico.Web.Features.SecurityInfo;

/// <summary>Which security info an account has registered (what Security info, recovery and sign-in diagnosis show).</summary>
public sealed record SecurityInfoSummary(
    bool Authenticator,
    int Passkeys,
    int RecoveryCodesLeft,
    bool AlternateEmailVerified,
    bool PhoneVerified,
    string? AlternateEmail,
    string? Phone)
{
    /// <summary>A method that completes MFA at sign-in (authenticator app or passkey).</summary>
    public bool HasMfaMethod => Authenticator || Passkeys > 0;

    /// <summary>Any registered security info, which makes a self-service password reset possible.</summary>
    public bool HasAny => HasMfaMethod || RecoveryCodesLeft > 0 || AlternateEmailVerified || PhoneVerified;
}

/// <summary>Read side of security info, for pages, recovery and staff diagnosis (CONTRACTS: owned by mfa).</summary>
public sealed class SecurityInfoQueries(AppDbContext db)
{
    /// <summary>Identity's token store keeps recovery codes as one ';'-joined value under this login provider and name.</summary>
    internal const string IdentityStoreProvider = "[AspNetUserStore]";
    internal const string RecoveryCodesName = "RecoveryCodes";

    public async Task<SecurityInfoSummary> GetAsync(Guid accountId, CancellationToken cancellationToken)
    {
        var info = await db.SecurityInfo.AsNoTracking().Where(s => s.AccountId == accountId)
            .Select(s => new { s.AuthenticatorKey, s.AlternateEmail, s.AlternateEmailVerifiedUtc, s.Phone, s.PhoneVerifiedUtc })
            .SingleOrDefaultAsync(cancellationToken);
        var codes = await db.UserTokens.AsNoTracking()
            .Where(t => t.UserId == accountId && t.LoginProvider == IdentityStoreProvider && t.Name == RecoveryCodesName)
            .Select(t => t.Value)
            .SingleOrDefaultAsync(cancellationToken);
        var passkeys = await PasskeyCountAsync(accountId, cancellationToken);
        return new SecurityInfoSummary(
            info?.AuthenticatorKey is not null,
            passkeys,
            string.IsNullOrEmpty(codes) ? 0 : codes.Split(';', StringSplitOptions.RemoveEmptyEntries).Length,
            info?.AlternateEmailVerifiedUtc is not null,
            info?.PhoneVerifiedUtc is not null,
            info?.AlternateEmailVerifiedUtc is not null ? info.AlternateEmail : null,
            info?.PhoneVerifiedUtc is not null ? info.Phone : null);
    }

    private Task<int> PasskeyCountAsync(Guid accountId, CancellationToken cancellationToken) =>
        db.Set<Microsoft.AspNetCore.Identity.IdentityUserPasskey<Guid>>().CountAsync(p => p.UserId == accountId, cancellationToken);
}
