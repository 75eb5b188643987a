using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Portico.Web.Features.Incentives;

/// <summary>
/// Where an earnings line stands: <see cref="Estimated"/> → <see cref="Accrued"/> → <see cref="Paid"/>, or
/// <see cref="OnHold"/> (with a hold reason) until the partner fixes what blocks the payment.
/// </summary>
public enum EarningStatus
{
    Estimated,
    Accrued,
    Paid,
    OnHold,
}

/// <summary>Why the vendor holds a payment (codes shown to the partner with what to do).</summary>
public static class HoldReasons
{
    public const string TaxProfileMissing = "tax_profile_missing";
    public const string BankDetailsMissing = "bank_details_missing";
    public const string UnderReview = "under_review";

    public static readonly IReadOnlyList<string> All = [TaxProfileMissing, BankDetailsMissing, UnderReview];
}

/// <summary>
/// One line of the organization's incentive earnings statement (SPEC §3, Incentives): the incentive program, the lever
/// or activity that earned it, the earning month, the location it belongs to, the amount and where the payment stands.
/// </summary>
/// <remarks>
/// The vendor computes earnings; partners read them and dispute them (<see cref="EarningDispute"/>), never write them.
/// The amount is in integer minor units of its currency (see <see cref="Infrastructure.Money"/>) and may be negative
/// (an adjustment that reverses an earlier earning).
/// </remarks>
public sealed class EarningLine
{
    public const int ProgramMaxLength = 120;
    public const int LeverMaxLength = 120;
    public const int ReferenceMaxLength = 64;

    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid OrganizationId { get; set; }

    /// <summary>The incentive program, e.g. "Solutions Partner incentive".</summary>
    public string Program { get; set; } = "";

    /// <summary>The lever or activity that earned the amount, e.g. "Azure consumption growth".</summary>
    public string Lever { get; set; } = "";

    /// <summary>The earning month: always the first day of that month.</summary>
    public DateOnly Period { get; set; }

    /// <summary>The organization's location (its Partner ID) the earning belongs to; null for an organization-wide earning.</summary>
    public Guid? LocationId { get; set; }

    public long AmountMinor { get; set; }

    /// <summary>ISO 4217 code, one of <see cref="Infrastructure.Money.Currencies"/>.</summary>
    public string Currency { get; set; } = "";

    public EarningStatus Status { get; set; }

    /// <summary>The day the vendor paid the line; set only with <see cref="EarningStatus.Paid"/>.</summary>
    public DateOnly? PaidOn { get; set; }

    /// <summary>One of <see cref="HoldReasons.All"/>; set only with <see cref="EarningStatus.OnHold"/>.</summary>
    public string? HoldReason { get; set; }

    /// <summary>
    /// The vendor's own id of the line (letters, digits and <c>-_.:/</c>, up to 64 characters), unique per organization:
    /// a later import row with the same reference updates this line instead of adding another. Partners quote it in
    /// disputes and support requests.
    /// </summary>
    public string? Reference { get; set; }

    public DateTime CreatedUtc { get; set; }

    public DateTime UpdatedUtc { get; set; }

    /// <summary>
    /// Changes whenever the line does and whenever a dispute is opened on it: an import that checked "no open dispute"
    /// before changing the amount, and a dispute opened meanwhile, cannot both be written.
    /// </summary>
    public Guid Version { get; set; } = Guid.NewGuid();

    /// <summary>True when <paramref name="value"/> is a well-formed vendor reference (see <see cref="Reference"/>).</summary>
    public static bool IsReference(string? value) =>
        value is { Length: > 0 and <= ReferenceMaxLength } && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':' or '/');
}

/// <summary>A dispute's state: the partner opens and withdraws; the vendor's staff resolve (Operator/Incentives).</summary>
public enum DisputeStatus
{
    Open,
    Withdrawn,
    Resolved,
}

/// <summary>
/// How the vendor resolved a dispute: <see cref="Upheld"/> (the partner was right; the line's amount is set to the
/// adjusted amount) or <see cref="Rejected"/> (the line stands; the vendor says why).
/// </summary>
public enum DisputeOutcome
{
    Upheld,
    Rejected,
}

/// <summary>What the partner says is wrong with an earnings line.</summary>
public enum DisputeReason
{
    AmountIncorrect,
    WrongPeriod,
    WrongLocation,
    PaymentNotReceived,
    HoldIncorrect,
    Other,
}

/// <summary>
/// A partner's dispute of one earnings line: the reason, who opened it, its status and the comments exchanged. A line
/// has at most one open dispute at a time (a filtered unique index holds that even under concurrent requests).
/// </summary>
public sealed class EarningDispute
{
    public const int CommentMaxLength = 2000;

    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid OrganizationId { get; set; }

    public Guid EarningLineId { get; set; }

    public DisputeReason Reason { get; set; }

    public DisputeStatus Status { get; set; }

    public Guid OpenedByAccountId { get; set; }

    public DateTime OpenedUtc { get; set; }

    public Guid? ClosedByAccountId { get; set; }

    public DateTime? ClosedUtc { get; set; }

    /// <summary>Set with <see cref="DisputeStatus.Resolved"/>.</summary>
    public DisputeOutcome? Outcome { get; set; }

    /// <summary>The line's amount before an upheld resolution changed it (minor units of the line's currency).</summary>
    public long? PreviousAmountMinor { get; set; }

    /// <summary>The line's amount an upheld resolution set (minor units of the line's currency).</summary>
    public long? AdjustedAmountMinor { get; set; }

    /// <summary>The vendor's explanation of the resolution; required when rejected, shown to the partner.</summary>
    public string? ResolutionMessage { get; set; }

    /// <summary>Concurrency token: a comment and a withdrawal racing each other never both succeed against a stale state.</summary>
    public Guid Version { get; set; } = Guid.NewGuid();

    public List<EarningDisputeComment> Comments { get; set; } = [];
}

/// <summary>One comment of a dispute; the first is the one the dispute was opened with.</summary>
public sealed class EarningDisputeComment
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid DisputeId { get; set; }

    public Guid AuthorAccountId { get; set; }

    /// <summary>Written by the vendor's staff (shown to the partner as the vendor's reply), not by the partner.</summary>
    public bool FromVendor { get; set; }

    public string Body { get; set; } = "";

    public DateTime CreatedUtc { get; set; }
}

internal sealed class EarningConfiguration :
    IEntityTypeConfiguration<EarningLine>, IEntityTypeConfiguration<EarningDispute>, IEntityTypeConfiguration<EarningDisputeComment>
{
    public void Configure(EntityTypeBuilder<EarningLine> builder)
    {
        builder.ToTable("EarningLines");
        builder.Property(e => e.Program).HasMaxLength(EarningLine.ProgramMaxLength);
        builder.Property(e => e.Lever).HasMaxLength(EarningLine.LeverMaxLength);
        builder.Property(e => e.Currency).HasMaxLength(3);
        builder.Property(e => e.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(e => e.HoldReason).HasMaxLength(40);
        builder.HasOne<Organizations.Organization>().WithMany().HasForeignKey(e => e.OrganizationId).OnDelete(DeleteBehavior.Cascade);
        // Note: a deleted location leaves its earnings organization-wide rather than deleting money the vendor owes.
        builder.HasOne<Organizations.Location>().WithMany().HasForeignKey(e => e.LocationId).OnDelete(DeleteBehavior.SetNull);
        builder.HasIndex(e => new { e.OrganizationId, e.Period });
        builder.HasIndex(e => new { e.OrganizationId, e.LocationId, e.Period });
        builder.Property(e => e.Reference).HasMaxLength(EarningLine.ReferenceMaxLength);
        // Note: a filtered unique index, so lines without a reference never collide and two imports racing to add the
        // same reference cannot both succeed.
        builder.HasIndex(e => new { e.OrganizationId, e.Reference }).IsUnique().HasFilter("\"Reference\" IS NOT NULL");
        builder.Property(e => e.Version).IsConcurrencyToken();
    }

    public void Configure(EntityTypeBuilder<EarningDispute> builder)
    {
        builder.ToTable("EarningDisputes");
        builder.Property(d => d.Reason).HasConversion<string>().HasMaxLength(32);
        builder.Property(d => d.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(d => d.Outcome).HasConversion<string>().HasMaxLength(16);
        builder.Property(d => d.ResolutionMessage).HasMaxLength(EarningDispute.CommentMaxLength);
        builder.Property(d => d.Version).IsConcurrencyToken();
        builder.HasOne<EarningLine>().WithMany().HasForeignKey(d => d.EarningLineId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(d => d.Comments).WithOne().HasForeignKey(c => c.DisputeId).OnDelete(DeleteBehavior.Cascade);
        // Note: the same filter text works on SQLite and PostgreSQL (quoted identifier, string literal).
        builder.HasIndex(d => d.EarningLineId).IsUnique().HasFilter("\"Status\" = 'Open'");
        builder.HasIndex(d => new { d.OrganizationId, d.Status });
        builder.HasIndex(d => new { d.Status, d.OpenedUtc });
    }

    public void Configure(EntityTypeBuilder<EarningDisputeComment> builder)
    {
        builder.ToTable("EarningDisputeComments");
        builder.Property(c => c.Body).HasMaxLength(EarningDispute.CommentMaxLength);
        builder.HasIndex(c => new { c.DisputeId, c.CreatedUtc });
    }
}
