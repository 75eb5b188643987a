namespace Portico.Web.Features.Referrals;

/// <summary>
/// The fixed reasons a deal is declined (New → Declined) or lost (Active → Lost), as in Partner Center: stable codes
/// that can be counted, filtered and shown in either language (<c>DealCloseReason.&lt;code&gt;</c> in both resource files).
/// </summary>
public static class DealCloseReasons
{
    public const string NotAFit = "not_a_fit";
    public const string CustomerNotInterested = "customer_not_interested";
    public const string Duplicate = "duplicate";
    public const string InsufficientInformation = "insufficient_information";
    public const string OutsideOurRegion = "outside_our_region";
    public const string LostToCompetitor = "lost_to_competitor";
    public const string NoBudget = "no_budget";
    public const string NoDecision = "no_decision";
    public const string CustomerUnresponsive = "customer_unresponsive";
    public const string Timing = "timing";

    /// <summary>Any reason not in the list; the note then says what it was.</summary>
    public const string Other = "other";

    /// <summary>Reasons for declining a new referral, in the order the form shows them.</summary>
    public static readonly IReadOnlyList<string> Decline = [NotAFit, CustomerNotInterested, Duplicate, InsufficientInformation, OutsideOurRegion, Other];

    /// <summary>Reasons for losing a deal that was being worked, in the order the form shows them.</summary>
    public static readonly IReadOnlyList<string> Lost = [LostToCompetitor, NoBudget, NoDecision, CustomerUnresponsive, Timing, Other];

    /// <summary>Every code, each once.</summary>
    public static readonly IReadOnlyList<string> All = [.. Decline.Concat(Lost).Distinct()];

    /// <summary>The reasons that may go with a move to <paramref name="status"/> (empty for statuses that take none).</summary>
    public static IReadOnlyList<string> For(DealStatus status) => status switch
    {
        DealStatus.Declined => Decline,
        DealStatus.Lost => Lost,
        _ => [],
    };

    public static bool IsKnown(string? code) => code is not null && All.Contains(code, StringComparer.Ordinal);

    public static bool Fits(DealStatus status, string? code) => code is not null && For(status).Contains(code, StringComparer.Ordinal);

    /// <summary>
    /// The reason of a deal in <paramref name="status"/> whose stored code is <paramref name="stored"/>: a Lost or Declined
    /// deal closed before reasons were codes has none stored and counts as <see cref="Other"/>, its free text being the note.
    /// </summary>
    public static string? Effective(DealStatus status, string? stored) =>
        Deal.NeedsReason(status) ? stored ?? Other : null;
}
