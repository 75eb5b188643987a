using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Portico.Web.Features.AuditLog;

/// <summary>The hash-chain rule shared by the writer (<see cref="Data.AppDbContext"/>) and <c>audit verify</c>.</summary>
public static class AuditChain
{
    /// <summary>The previous hash of the first row of every chain.</summary>
    public static readonly string Genesis = new('0', 64);

    public static string ComputeHash(AuditEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);

        // Note: '\n' cannot occur unescaped in any field except Details, which is JSON (newlines escaped).
        var canonical = string.Join('\n',
            e.Chain,
            e.Sequence.ToString(CultureInfo.InvariantCulture),
            e.OccurredUtc.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture),
            e.Type.ToString(),
            e.ActorAccountId?.ToString("N") ?? "",
            e.ActingViaOrganizationId?.ToString("N") ?? "",
            e.TargetOrganizationId?.ToString("N") ?? "",
            e.TargetAccountId?.ToString("N") ?? "",
            e.IpAddress ?? "",
            e.Details ?? "",
            e.PreviousHash);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }

    /// <summary>
    /// Places <paramref name="e"/> after <paramref name="head"/> (its chain's last row, or <see cref="Genesis"/> at
    /// sequence 0): sets its sequence, previous hash and hash, and returns the chain's new head.
    /// </summary>
    public static (long Sequence, string Hash) Seal(AuditEvent e, (long Sequence, string Hash) head)
    {
        ArgumentNullException.ThrowIfNull(e);

        // Note: PostgreSQL stores timestamps to the microsecond, not to .NET's 100 ns tick; the hash must cover the
        // value as stored, or `audit verify` reports every row as altered.
        e.OccurredUtc = new DateTime(e.OccurredUtc.Ticks - (e.OccurredUtc.Ticks % TimeSpan.TicksPerMicrosecond), DateTimeKind.Utc);
        e.Sequence = head.Sequence + 1;
        e.PreviousHash = head.Hash;
        e.Hash = ComputeHash(e);
        return (e.Sequence, e.Hash);
    }

    public static string ChainFor(Guid? organizationId) =>
        organizationId is { } id ? id.ToString("N") : AuditEvent.PlatformChain;
}
