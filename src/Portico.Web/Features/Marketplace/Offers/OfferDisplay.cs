using System.Globalization;
using Microsoft.Extensions.Localization;
using Portico.Web.Authorization;

namespace Portico.Web.Features.Marketplace.Offers;

/// <summary>How the Offers pages word an offer's price and dates.</summary>
public static class OfferDisplay
{
    public static string Price(OfferView offer, IStringLocalizer t)
    {
        ArgumentNullException.ThrowIfNull(offer);
        ArgumentNullException.ThrowIfNull(t);
        if (offer.Price is not { } price || offer.Currency is not { } currency)
        {
            return t["PricingModel.Free"];
        }

        var amount = price.ToString(currency == "JPY" ? "N0" : "N2", CultureInfo.CurrentCulture);
        return t["Offers.Price." + offer.PricingModel, amount, currency];
    }

    public static string Iso(DateTime utc) => utc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string When(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    /// <summary>Why Publish is not offered, naming the roles that open <c>offers.publish</c> (from the catalog).</summary>
    public static string PublishNeedsRole(IStringLocalizer t)
    {
        ArgumentNullException.ThrowIfNull(t);
        var roles = AccessCatalog.RoleList
            .Where(r => r.Id != Roles.GlobalAdmin && r.Opens.Contains(Capabilities.OffersPublish))
            .Select(r => t["Role." + r.Id].Value);
        return t["Offers.PublishNeedsRole", string.Join(", ", roles)];
    }
}
