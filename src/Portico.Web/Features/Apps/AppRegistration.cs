using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Portico.Web.Features.Apps;

/// <summary>Where the app runs, as Microsoft Entra ID's platform configurations.</summary>
public enum AppPlatform
{
    Web,
    SinglePageApp,
    Desktop,
    Mobile,
}

/// <summary>A disabled app keeps its settings and secrets but cannot be issued new secrets.</summary>
public enum AppStatus
{
    Active,
    Disabled,
}

/// <summary>An app registration of one organization (SPEC §2, program <c>DeveloperPrograms</c>), as Entra ID models one.</summary>
public sealed class AppRegistration
{
    public const int DisplayNameMaxLength = 120;
    public const int DescriptionMaxLength = 1000;
    public const int RedirectUriMaxLength = 256;
    public const int MaxRedirectUris = 10;

    /// <summary>Redirect URIs are stored one per line; a URI never contains a line break.</summary>
    public const int RedirectUrisColumnLength = MaxRedirectUris * (RedirectUriMaxLength + 1);

    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid OrganizationId { get; set; }

    public string DisplayName { get; set; } = "";

    /// <summary>The display name upper-cased (invariant), unique per organization on both databases.</summary>
    public string NormalizedDisplayName { get; set; } = "";

    public string Description { get; set; } = "";

    public AppPlatform Platform { get; set; }

    /// <summary>The redirect URIs joined with line feeds, in the order the client sent them.</summary>
    public string RedirectUris { get; set; } = "";

    /// <summary>The application (client) id clients identify themselves with; set once, never changed.</summary>
    public Guid ClientId { get; set; } = Guid.NewGuid();

    public AppStatus Status { get; set; }

    public DateTime CreatedUtc { get; set; }

    public Guid? CreatedBy { get; set; }

    public DateTime UpdatedUtc { get; set; }

    public Guid? UpdatedBy { get; set; }

    public Guid Version { get; set; } = Guid.NewGuid();

    public IReadOnlyList<string> RedirectUriList =>
        RedirectUris.Length == 0 ? [] : RedirectUris.Split('\n');

    public static string Normalize(string name) => name.Trim().ToUpperInvariant();
}

/// <summary>A client secret of an app registration; only its SHA-256 hash and a four-character hint are kept.</summary>
public sealed class AppSecret
{
    public const int DescriptionMaxLength = 100;
    public const int HintLength = 4;

    /// <summary>The lifetimes a secret may be given, in days (Entra ID's choices up to 24 months).</summary>
    public static readonly IReadOnlyList<int> LifetimesInDays = [30, 90, 180, 365, 730];

    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid AppRegistrationId { get; set; }

    public string Description { get; set; } = "";

    public string Hint { get; set; } = "";

    /// <summary>Lower-case hex SHA-256 of the secret's UTF-8 bytes.</summary>
    public string Hash { get; set; } = "";

    public DateTime CreatedUtc { get; set; }

    public Guid? CreatedBy { get; set; }

    public DateTime ExpiresUtc { get; set; }
}

internal sealed class AppRegistrationConfiguration : IEntityTypeConfiguration<AppRegistration>
{
    public void Configure(EntityTypeBuilder<AppRegistration> builder)
    {
        builder.ToTable("AppRegistrations");
        builder.HasKey(a => a.Id);
        builder.Ignore(a => a.RedirectUriList);
        builder.Property(a => a.DisplayName).HasMaxLength(AppRegistration.DisplayNameMaxLength);
        builder.Property(a => a.NormalizedDisplayName).HasMaxLength(AppRegistration.DisplayNameMaxLength);
        builder.Property(a => a.Description).HasMaxLength(AppRegistration.DescriptionMaxLength);
        builder.Property(a => a.RedirectUris).HasMaxLength(AppRegistration.RedirectUrisColumnLength);
        builder.Property(a => a.Platform).HasConversion<string>().HasMaxLength(16);
        builder.Property(a => a.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(a => a.Version).IsConcurrencyToken();
        builder.HasIndex(a => new { a.OrganizationId, a.NormalizedDisplayName }).IsUnique();
        builder.HasIndex(a => a.ClientId).IsUnique();
        builder.HasOne<Organizations.Organization>().WithMany().HasForeignKey(a => a.OrganizationId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Accounts.Account>().WithMany().HasForeignKey(a => a.CreatedBy).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne<Accounts.Account>().WithMany().HasForeignKey(a => a.UpdatedBy).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class AppSecretConfiguration : IEntityTypeConfiguration<AppSecret>
{
    public void Configure(EntityTypeBuilder<AppSecret> builder)
    {
        builder.ToTable("AppSecrets");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Description).HasMaxLength(AppSecret.DescriptionMaxLength);
        builder.Property(s => s.Hint).HasMaxLength(AppSecret.HintLength);
        builder.Property(s => s.Hash).HasMaxLength(64);
        builder.HasIndex(s => s.Hash).IsUnique();
        builder.HasIndex(s => s.AppRegistrationId);
        builder.HasOne<AppRegistration>().WithMany().HasForeignKey(s => s.AppRegistrationId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Accounts.Account>().WithMany().HasForeignKey(s => s.CreatedBy).OnDelete(DeleteBehavior.SetNull);
    }
}
