namespace Portico.Web.Features.Referrals;

/// <summary>What the shared deal fields (<c>_DealFields</c>) show: the form's values and the caller's choices of location and owner.</summary>
public sealed record DealFieldsModel(
    DealForm Input, IReadOnlyList<(Guid Id, string Name)> Locations, bool OrganizationWide, IReadOnlyList<DealOwnerOption> Owners);
