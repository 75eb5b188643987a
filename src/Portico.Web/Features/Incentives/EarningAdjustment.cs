using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portico.Web.Data;
using Portico.Web.Infrastructure;

namespace Portico.Web.Features.Incentives;

/// <summary>Why the vendor's Incentives desk corrected a line by hand; each has <c>AdjustmentReason.&lt;name&gt;</c> in both resource files.</summary>
public enum AdjustmentReason
{
    CalculationError,
    PayoutFailed,
    DuplicateLine,
    PolicyException,

    /// <summary>Needs a note saying what happened.</summary>
    Other,
}

/// <summary>
/// One correction of an earnings line by the vendor's staff (Operator/Incentives): who, when, the amount and status
/// before and after, the reason and an optional note. Append-only; the partner who owns the line reads them as the
/// line's history, next to its disputes.
/// </summary>
/// <remarks>
/// Amounts are in minor units of the line's currency, which an adjustment never changes. An upheld dispute and an
/// import change lines too; those keep their own records (the dispute, the import history).
/// </remarks>
public sealed class EarningAdjustment
{
    public const int NoteMaxLength = 1000;

    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid OrganizationId { get; set; }

    public Guid EarningLineId { get; set; }

    /// <summary>The staff account that made the correction.</summary>
    public Guid AdjustedByAccountId { get; set; }

    public DateTime AdjustedUtc { get; set; }

    public AdjustmentReason Reason { get; set; }

    /// <summary>The staff member's explanation, shown to the partner; required with <see cref="AdjustmentReason.Other"/>.</summary>
    public string? Note { get; set; }

    public long PreviousAmountMinor { get; set; }

    public long NewAmountMinor { get; set; }

    public EarningStatus PreviousStatus { get; set; }

    public EarningStatus NewStatus { get; set; }
}

/// <summary>
/// One adjustment as the vendor's staff and the partner who owns the line see it: the reason, the note, the amount and
/// status before and after, when, and the staff member who made it (partners see the name as the partner program team's,
/// as they see the vendor's dispute replies).
/// </summary>
public sealed record AdjustmentView(
    Guid Id, string Reason, string? Note, decimal PreviousAmount, decimal NewAmount, long PreviousAmountMinor, long NewAmountMinor,
    string PreviousStatus, string NewStatus, string? AdjustedByName, DateTime AdjustedAt)
{
    /// <summary>The line's adjustments, newest first.</summary>
    internal static async Task<IReadOnlyList<AdjustmentView>> HistoryAsync(AppDbContext db, EarningLine line, CancellationToken cancellationToken)
    {
        var rows = await db.EarningAdjustments.AsNoTracking().Where(a => a.EarningLineId == line.Id)
            .OrderByDescending(a => a.AdjustedUtc).ThenByDescending(a => a.Id)
            .Select(a => new { Adjustment = a, Name = db.Users.Where(u => u.Id == a.AdjustedByAccountId).Select(u => u.DisplayName).FirstOrDefault() })
            .ToListAsync(cancellationToken);
        return [.. rows.Select(r => new AdjustmentView(
            r.Adjustment.Id, r.Adjustment.Reason.ToString(), r.Adjustment.Note,
            Money.ToMajor(r.Adjustment.PreviousAmountMinor, line.Currency), Money.ToMajor(r.Adjustment.NewAmountMinor, line.Currency),
            r.Adjustment.PreviousAmountMinor, r.Adjustment.NewAmountMinor, r.Adjustment.PreviousStatus.ToString(), r.Adjustment.NewStatus.ToString(),
            r.Name, r.Adjustment.AdjustedUtc))];
    }
}

internal sealed class EarningAdjustmentConfiguration : IEntityTypeConfiguration<EarningAdjustment>
{
    public void Configure(EntityTypeBuilder<EarningAdjustment> builder)
    {
        builder.ToTable("EarningAdjustments");
        builder.Property(a => a.Reason).HasConversion<string>().HasMaxLength(32);
        builder.Property(a => a.PreviousStatus).HasConversion<string>().HasMaxLength(16);
        builder.Property(a => a.NewStatus).HasConversion<string>().HasMaxLength(16);
        builder.Property(a => a.Note).HasMaxLength(EarningAdjustment.NoteMaxLength);
        builder.HasOne<EarningLine>().WithMany().HasForeignKey(a => a.EarningLineId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(a => new { a.EarningLineId, a.AdjustedUtc });
    }
}
