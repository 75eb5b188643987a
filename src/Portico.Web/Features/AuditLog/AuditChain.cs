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

    public static string ChainFor(Guid? organizationId) =>
        organizationId is { } id ? id.ToString("N") : AuditEvent.PlatformChain;
}
