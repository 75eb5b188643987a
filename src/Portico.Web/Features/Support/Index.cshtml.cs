using Microsoft.AspNetCore.Mvc.RazorPages;
using Portico.Web.Infrastructure;

namespace Portico.Web.Features.Support;

/// <summary>My support requests (any signed-in account) and, for Global admins, every request of their organization.</summary>
public sealed class IndexModel(SupportService support) : PageModel
{
    public IReadOnlyList<SupportRequestSummary> Mine { get; private set; } = [];

    /// <summary>The organization's requests, when the catalog opens them to this account (else null).</summary>
    public IReadOnlyList<SupportRequestSummary>? Organization { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Mine = await support.ForAccountAsync(User.AccountId()!.Value, cancellationToken);
        if (User.OrganizationId() is { } orgId && SupportApi.CanRead(User, null, orgId))
        {
            var me = User.AccountId();
            Organization = (await support.ForOrganizationAsync(orgId, cancellationToken)).Where(r => r.AccountId != me).ToList();
        }
    }
}
