using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Portico.Web.Infrastructure.BackgroundJobs;

/// <summary>
/// A named lease in the database: the instance holding an unexpired lease runs the job, so background work runs once
/// across every instance that shares the database (SPEC §11).
/// </summary>
public sealed class DatabaseLease
{
    public const int NameMaxLength = 64;
    public const int HolderMaxLength = 128;

    public string Name { get; set; } = "";

    /// <summary>The holding instance's id (random per process).</summary>
    public string Holder { get; set; } = "";

    public DateTime AcquiredUtc { get; set; }

    public DateTime ExpiresUtc { get; set; }
}

internal sealed class DatabaseLeaseConfiguration : IEntityTypeConfiguration<DatabaseLease>
{
    public void Configure(EntityTypeBuilder<DatabaseLease> builder)
    {
        builder.ToTable("DatabaseLeases");
        builder.HasKey(l => l.Name);
        builder.Property(l => l.Name).HasMaxLength(DatabaseLease.NameMaxLength);
        builder.Property(l => l.Holder).HasMaxLength(DatabaseLease.HolderMaxLength);
    }
}
