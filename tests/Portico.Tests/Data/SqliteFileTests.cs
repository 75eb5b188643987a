using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portico.Tests.Infrastructure;
using Portico.Web.Data;
using Portico.Web.Features.Users;

namespace Portico.Tests.Data;

/// <summary>
/// The app on a SQLite database file, as deployed: connections read without a memory map (ADR-0022: SQLite drops a
/// connection's map after any other connection's commit, which every sign-in and search then paid for), and a search
/// sees what another connection committed since the last one.
/// </summary>
public sealed class SqliteFileTests(FileBackedPortalFactory factory) : IClassFixture<FileBackedPortalFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Context_OnAFile_ReadsWithoutAMemoryMap()
    {
        Assert.SkipWhen(PortalFactory.UsesPostgres, "The memory map is a SQLite matter.");
        await using var scope = factory.Scope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await db.Organizations.CountAsync(Ct);

        await using DbCommand command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = "PRAGMA mmap_size";
        var mapSize = Convert.ToInt64(await command.ExecuteScalarAsync(Ct), CultureInfo.InvariantCulture);

        Assert.Equal(0, mapSize);
    }

    [Fact]
    public async Task UserSearch_OnAFile_AfterAnotherConnectionCommitted_FindsOldAndNewMatches()
    {
        Assert.SkipWhen(PortalFactory.UsesPostgres, "The database file is a SQLite matter.");
        var org = (await factory.AnOrganizationAsync()).Organization.Id;
        var first = await factory.AWorkAccountAsync(org, displayName: "山田 花子");
        await factory.AWorkAccountAsync(org, displayName: "Quinn Example");
        Assert.Equal([first.Id], await SearchAsync(org, "山田"));

        var second = await factory.AWorkAccountAsync(org, displayName: "山田 太郎");

        Assert.Equal([second.Id, first.Id], await SearchAsync(org, "山田"));
    }

    private async Task<IEnumerable<Guid>> SearchAsync(Guid organizationId, string query)
    {
        await using var scope = factory.Scope();
        var page = await scope.ServiceProvider.GetRequiredService<UserQueries>()
            .ListAsync(organizationId, new UserListFilter(query, null, null, null, 50), Ct);
        return page.Items.Select(i => i.Id);
    }
}
