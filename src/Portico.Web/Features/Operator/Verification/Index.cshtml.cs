using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portico.Web.Authorization;
using Portico.Web.Features.Verification;

namespace Portico.Web.Features.Operator.Verification;

/// <summary>The VerificationAgent's queue: checks oldest submission first, filtered by check, status and organization.</summary>
[Authorize(Policy = CapabilityRequirement.PolicyPrefix + OperatorCapabilities.Verification)]
public sealed class IndexModel(VerificationService verification) : PageModel
{
    public IReadOnlyList<QueueItem> Items { get; private set; } = [];

    public string? Check { get; private set; }

    /// <summary>The status filter; "any" shows every status.</summary>
    public string Status { get; private set; } = nameof(VerificationCheckStatus.Pending);

    public string? Org { get; private set; }

    public async Task OnGetAsync(string? check, string? status, string? org, CancellationToken cancellationToken)
    {
        VerificationCheckKind? kind = VerificationService.TryParseCheck(check, out var k) ? k : null;
        Check = kind is null ? null : check;
        VerificationCheckStatus? state = VerificationCheckStatus.Pending;
        if (string.Equals(status, "any", StringComparison.Ordinal))
        {
            state = null;
            Status = "any";
        }
        else if (Enum.TryParse<VerificationCheckStatus>(status, out var s) && Enum.IsDefined(s) && !int.TryParse(status, out _))
        {
            state = s;
            Status = s.ToString();
        }

        Org = string.IsNullOrWhiteSpace(org) || org.Length > 200 ? null : org.Trim();
        Items = await verification.QueueAsync(kind, state, Org, 200, cancellationToken);
    }
}
