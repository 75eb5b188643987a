using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;

namespace Portico.Web.Features.Recovery;

/// <summary>What a recovery link says once its protection is removed.</summary>
public sealed record RecoveryLinkPayload(Guid AccountId, DateTime IssuedUtc, string Stamp);

/// <summary>
/// Password-recovery link tokens: the account id, the issue time and the account's current recovery stamp, sealed
/// with ASP.NET Core Data Protection (authenticated encryption; keys shared by every node through the database).
/// </summary>
/// <remarks>
/// Blocks forged, altered and reused links: a changed byte fails authentication; a token made for another purpose
/// (an invitation, an account-picker ticket) fails because the purpose string differs; a link is honoured only while
/// its stamp equals the account's (a newer link, a sign-in or any password change replaces or clears the stamp) and
/// for one hour after issue, measured with the app's <see cref="TimeProvider"/>.
/// </remarks>
public sealed class RecoveryLinks(IDataProtectionProvider provider)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);

    private const string Purpose = "Portico.PasswordRecovery.v1";

    private readonly IDataProtector protector = provider.CreateProtector(Purpose);

    public static string NewStamp() => WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(18));

    public string Protect(RecoveryLinkPayload payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        var stamp = Encoding.ASCII.GetBytes(payload.Stamp);
        var bytes = new byte[16 + 8 + stamp.Length];
        payload.AccountId.TryWriteBytes(bytes.AsSpan(0, 16));
        BinaryPrimitives.WriteInt64BigEndian(bytes.AsSpan(16, 8), payload.IssuedUtc.Ticks);
        stamp.CopyTo(bytes, 24);
        return WebEncoders.Base64UrlEncode(protector.Protect(bytes));
    }

    /// <summary>The payload, or null when the token is malformed, altered or made for something else.</summary>
    public RecoveryLinkPayload? Unprotect(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 512)
        {
            return null;
        }

        try
        {
            var bytes = protector.Unprotect(WebEncoders.Base64UrlDecode(token));
            if (bytes.Length < 25)
            {
                return null;
            }

            var ticks = BinaryPrimitives.ReadInt64BigEndian(bytes.AsSpan(16, 8));
            if (ticks < DateTime.MinValue.Ticks || ticks > DateTime.MaxValue.Ticks)
            {
                return null;
            }

            return new RecoveryLinkPayload(new Guid(bytes.AsSpan(0, 16)), new DateTime(ticks, DateTimeKind.Utc), Encoding.ASCII.GetString(bytes, 24, bytes.Length - 24));
        }
        catch (CryptographicException)
        {
            return null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
