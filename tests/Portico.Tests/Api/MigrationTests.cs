using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Portico.Tests.Infrastructure;
using Portico.Web.Data;

namespace Portico.Tests.Api;

/// <summary>
/// Both migration sets match the model (CI fails on pending model changes) and were generated together; the app runs on
/// compiled models that match it too.
/// </summary>
public sealed class MigrationTests
{
    private static AppDbContext Context(string provider, string connectionString)
    {
        var builder = new DbContextOptionsBuilder<AppDbContext>();
        DatabaseSetup.Configure(builder, new DatabaseOptions { Provider = provider }, connectionString);
        return new AppDbContext(builder.Options);
    }

    [Theory]
    [InlineData("Sqlite", "Data Source=:memory:")]
    [InlineData("Postgres", "Host=127.0.0.1;Database=portico_model_check")]
    public void Migrations_ForEachProvider_HaveNoPendingModelChanges(string provider, string connectionString)
    {
        using var db = Context(provider, connectionString);

        Assert.NotEmpty(db.Database.GetMigrations());
        Assert.False(db.Database.HasPendingModelChanges(), $"{provider}: the model has changes without a migration; run scripts/add-migration.sh.");
    }

    [Theory]
    [InlineData("Sqlite", "Data Source=:memory:")]
    [InlineData("Postgres", "Host=127.0.0.1;Database=portico_model_check")]
    public void CompiledModel_ForEachProvider_MatchesTheModelTheConfigurationBuilds(string provider, string connectionString)
    {
        var builder = new DbContextOptionsBuilder<AppDbContext>();
        _ = provider == "Postgres" ? builder.UseNpgsql(connectionString) : builder.UseSqlite(connectionString);
        using var built = new AppDbContext(builder.Options);
        using var compiled = Context(provider, connectionString);

        Assert.Equal($"Portico.Migrations.{provider}.CompiledModel.AppDbContextModel", compiled.Model.GetType().FullName);
        var expected = Described(built.Model);
        var actual = Described(compiled.Model);
        var differs = Enumerable.Range(0, Math.Max(expected.Count, actual.Count))
            .FirstOrDefault(i => expected.ElementAtOrDefault(i) != actual.ElementAtOrDefault(i), -1);
        Assert.True(differs < 0,
            $"{provider}: the compiled model is out of date (line {differs}: built '{expected.ElementAtOrDefault(differs)}', compiled '{actual.ElementAtOrDefault(differs)}'); run scripts/compile-model.sh.");
    }

    /// <summary>
    /// The model's entities, properties, keys, indexes, relationships and annotations, one per line. Note: a compiled
    /// model keeps only the annotations used at run time, and an index's method (GIN) is one used only by migrations;
    /// the headers of annotation lists go too, since the GIN index's list is then empty.
    /// </summary>
    private static List<string> Described(IModel model) =>
        model.ToDebugString(MetadataDebugStringOptions.LongDefault)
            .Split('\n')
            .Where(line => line.Trim() != "Annotations:" && !line.Contains("Npgsql:IndexMethod", StringComparison.Ordinal))
            .ToList();

    [Fact]
    public void Migrations_BothProviders_HaveTheSameMigrationNames()
    {
        using var sqlite = Context("Sqlite", "Data Source=:memory:");
        using var postgres = Context("Postgres", "Host=127.0.0.1;Database=portico_model_check");

        static IEnumerable<string> Names(AppDbContext db) => db.Database.GetMigrations().Select(id => id[(id.IndexOf('_', StringComparison.Ordinal) + 1)..]);

        Assert.Equal(Names(sqlite), Names(postgres));
    }

    [Fact]
    public async Task Migrations_TestDatabase_IsFullyMigrated()
    {
        await using var factory = new PortalFactory();

        var pending = await factory.WithDbAsync(db => db.Database.GetPendingMigrationsAsync(ApiClient.Ct));
        var applied = await factory.WithDbAsync(db => db.Database.GetAppliedMigrationsAsync(ApiClient.Ct));

        Assert.Empty(pending);
        Assert.NotEmpty(applied);
        Assert.Equal(PortalFactory.UsesPostgres ? "Npgsql.EntityFrameworkCore.PostgreSQL" : "Microsoft.EntityFrameworkCore.Sqlite",
            await factory.WithDbAsync(db => Task.FromResult(db.Database.ProviderName)));
    }
}
