using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Portico.Web.Features.Operator.Incentives;

/// <summary>
/// One successful earnings import (see <see cref="EarningImportService"/>): when, who, the file's name and SHA-256, and
/// what it did. The hash is unique, so the same file is never recorded twice, even by two uploads racing each other.
/// </summary>
public sealed class EarningImport
{
    public const int FileNameMaxLength = 255;
    public const int ImportedByNameMaxLength = 200;

    public Guid Id { get; set; } = Guid.CreateVersion7();

    public DateTime ImportedUtc { get; set; }

    public Guid? ImportedByAccountId { get; set; }

    /// <summary>The staff member's display name at the time, kept so the history reads the same after the account is gone.</summary>
    public string ImportedByName { get; set; } = "";

    /// <summary>The uploaded file's name as the browser or the API caller gave it; null when the caller gave none.</summary>
    public string? FileName { get; set; }

    /// <summary>SHA-256 of the file's bytes, lower-case hex.</summary>
    public string Sha256 { get; set; } = "";

    public int Rows { get; set; }

    public int Organizations { get; set; }

    public int LinesAdded { get; set; }

    public int LinesUpdated { get; set; }

    public int LinesUnchanged { get; set; }
}

internal sealed class EarningImportConfiguration : IEntityTypeConfiguration<EarningImport>
{
    public void Configure(EntityTypeBuilder<EarningImport> builder)
    {
        builder.ToTable("EarningImports");
        builder.Property(i => i.ImportedByName).HasMaxLength(EarningImport.ImportedByNameMaxLength);
        builder.Property(i => i.FileName).HasMaxLength(EarningImport.FileNameMaxLength);
        builder.Property(i => i.Sha256).HasMaxLength(64);
        builder.HasIndex(i => i.Sha256).IsUnique();
        builder.HasIndex(i => i.ImportedUtc);
    }
}
