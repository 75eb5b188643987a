using Microsoft.AspNetCore.DataProtection;

namespace Portico.Web.Features.SignIn;

/// <summary>
/// Proof, for the account picker's second step, that the password matched these accounts a moment ago:
/// data-protected, valid for 5 minutes, and holding account ids only (never the password).
/// </summary>
public static class SelectionTicket
{
    private const string Purpose = "Portico.SignIn.AccountSelection";
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    public static string Protect(IDataProtectionProvider provider, IEnumerable<Guid> accountIds)
    {
        ArgumentNullException.ThrowIfNull(provider);
        var protector = provider.CreateProtector(Purpose).ToTimeLimitedDataProtector();
        // Note: the time-limited protector checks expiry against the system clock, so the expiry is set from it too.
        return protector.Protect(string.Join(',', accountIds), DateTimeOffset.UtcNow + Lifetime);
    }

    public static IReadOnlyList<Guid> Unprotect(IDataProtectionProvider provider, string? ticket)
    {
        ArgumentNullException.ThrowIfNull(provider);
        if (string.IsNullOrEmpty(ticket))
        {
            return [];
        }

        try
        {
            var protector = provider.CreateProtector(Purpose).ToTimeLimitedDataProtector();
            return protector.Unprotect(ticket).Split(',').Select(Guid.Parse).ToList();
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return [];
        }
        catch (FormatException)
        {
            return [];
        }
    }
}
