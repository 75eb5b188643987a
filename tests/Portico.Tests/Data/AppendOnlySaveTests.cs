using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portico.Tests.Infrastructure;
using Portico.Web.Data;
using Portico.Web.Features.AuditLog;
using Portico.Web.Features.Sessions;

namespace Portico.Tests.Data;

/// <summary>
/// A save that only adds sessions and audit events is written with statements generated from the model
/// (<see cref="AppendOnlySave"/>): the rows must be the rows EF writes, and the audit chain must stay one chain
/// whichever way each save took.
/// </summary>
public sealed class AppendOnlySaveTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SessionAndAuditEvent_AddedAlone_AreStoredExactlyAsEfStoresThem()
    {
        var org = await factory.AnOrganizationAsync();
        var account = await factory.AWorkAccountAsync(org.Organization.Id);
        var chain = AuditChain.ChainFor(Guid.NewGuid());
        var occurred = new DateTime(2026, 11, 25, 4, 5, 6, DateTimeKind.Utc).AddTicks(1234567);

        // Note: one save of only new rows (the append-only statements), one with a changed account beside them (EF).
        var appended = await SaveAsync(account.Id, chain, occurred, changeTheAccount: false);
        var throughEf = await SaveAsync(account.Id, chain, occurred, changeTheAccount: true);

        Assert.DoesNotContain(appended.Commands, c => c.Contains("INSERT", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(throughEf.Commands, c => c.Contains("INSERT INTO \"Sessions\"", StringComparison.Ordinal));
        Assert.Contains(throughEf.Commands, c => c.Contains("INSERT INTO \"AuditEvents\"", StringComparison.Ordinal));

        var sessions = await RowsAsync("Sessions", "TokenHash", [appended.TokenHash, throughEf.TokenHash]);
        Assert.Equal(Without(sessions[0], "Id", "TokenHash"), Without(sessions[1], "Id", "TokenHash"));
        Assert.Equal(appended.SessionId.ToString(), Guid.Parse(sessions[0]["Id"]!.ToString()!).ToString());

        var events = await RowsAsync("AuditEvents", "Chain", [chain]);
        Assert.Equal(2, events.Count);
        Assert.Equal(Without(events[0], "Id", "Sequence", "PreviousHash", "Hash"), Without(events[1], "Id", "Sequence", "PreviousHash", "Hash"));
        Assert.Equal(appended.EventId, Convert.ToInt64(events[0]["Id"], System.Globalization.CultureInfo.InvariantCulture));

        var stored = await factory.WithDbAsync(db => db.Sessions.AsNoTracking().SingleAsync(s => s.TokenHash == appended.TokenHash, Ct));
        Assert.Equal(SessionClient.Api, stored.Client);
        Assert.Equal(SessionEndReason.EndedByUser, stored.EndReason);
        Assert.Equal("ブラウザー/1.0 (テスト)", stored.UserAgent);
        Assert.Equal(occurred, stored.CreatedUtc, TimeSpan.FromMicroseconds(1));
    }

    [Fact]
    public async Task Chain_AppendedByBothWays_StaysOneValidChain()
    {
        var org = await factory.AnOrganizationAsync();
        var account = await factory.AWorkAccountAsync(org.Organization.Id);
        var chain = AuditChain.ChainFor(Guid.NewGuid());
        for (var i = 0; i < 6; i++)
        {
            // Note: the first save starts the chain (a new head row) through the append-only statements.
            await SaveAsync(account.Id, chain, factory.Time.GetUtcNow().UtcDateTime, changeTheAccount: i % 2 == 1);
        }

        var rows = await factory.WithDbAsync(db => db.AuditEvents.AsNoTracking().Where(e => e.Chain == chain).OrderBy(e => e.Sequence).ToListAsync(Ct));
        Assert.Equal([1, 2, 3, 4, 5, 6], rows.Select(e => e.Sequence));
        var previous = AuditChain.Genesis;
        foreach (var row in rows)
        {
            Assert.Equal(previous, row.PreviousHash);
            Assert.Equal(AuditChain.ComputeHash(row), row.Hash);
            previous = row.Hash;
        }

        var head = await factory.WithDbAsync(db => db.AuditChainHeads.AsNoTracking().SingleAsync(h => h.Chain == chain, Ct));
        Assert.Equal((6, previous), (head.Sequence, head.Hash));
        await using var scope = factory.Scope();
        var (_, _, problem) = await scope.ServiceProvider.GetRequiredService<AuditVerifier>().VerifyAsync(Ct);
        Assert.Null(problem);
    }

    [Fact]
    public async Task SecondSaveOfAContext_AfterAnotherContextAppended_ContinuesTheChain()
    {
        var org = await factory.AnOrganizationAsync();
        var account = await factory.AWorkAccountAsync(org.Organization.Id);
        var chain = AuditChain.ChainFor(Guid.NewGuid());
        await using var scope = factory.Scope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var tracked = await db.Users.SingleAsync(a => a.Id == account.Id, Ct);

        tracked.LastSignInUtc = factory.Time.GetUtcNow().UtcDateTime;
        db.AuditEvents.Add(AnEvent(account.Id, chain, factory.Time.GetUtcNow().UtcDateTime));
        await db.SaveChangesAsync(Ct);
        await SaveAsync(account.Id, chain, factory.Time.GetUtcNow().UtcDateTime, changeTheAccount: false);
        tracked.LastSignInUtc = tracked.LastSignInUtc.Value.AddMinutes(1);
        db.AuditEvents.Add(AnEvent(account.Id, chain, factory.Time.GetUtcNow().UtcDateTime));
        await db.SaveChangesAsync(Ct);

        var sequences = await factory.WithDbAsync(db => db.AuditEvents.Where(e => e.Chain == chain).OrderBy(e => e.Sequence).Select(e => e.Sequence).ToListAsync(Ct));
        Assert.Equal([1, 2, 3], sequences);
    }

    private static AuditEvent AnEvent(Guid accountId, string chain, DateTime occurred) => new()
    {
        Chain = chain,
        OccurredUtc = occurred,
        Type = AuditEventType.SignInSucceeded,
        ActorAccountId = accountId,
        TargetAccountId = accountId,
        IpAddress = "192.0.2.7",
        Details = """{"kind":"Work","client":"Api","method":"password","名前":"山田"}""",
    };

    /// <summary>Adds a session and an audit event in a context of its own (with <paramref name="changeTheAccount"/>, an account change too) and saves.</summary>
    private async Task<Saved> SaveAsync(Guid accountId, string chain, DateTime occurred, bool changeTheAccount)
    {
        await using var scope = factory.Scope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        if (changeTheAccount)
        {
            var account = await db.Users.SingleAsync(a => a.Id == accountId, Ct);
            account.LastSignInUtc = (account.LastSignInUtc ?? occurred).AddMinutes(1);
        }

        var tokenHash = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        var session = new UserSession
        {
            AccountId = accountId,
            TokenHash = tokenHash,
            Client = SessionClient.Api,
            CreatedUtc = occurred,
            LastSeenUtc = occurred,
            ExpiresUtc = occurred.AddHours(12),
            EndedUtc = occurred.AddHours(1),
            EndReason = SessionEndReason.EndedByUser,
            MfaPending = true,
            ReauthenticatedUtc = occurred,
            UserAgent = "ブラウザー/1.0 (テスト)",
            IpAddress = "2001:db8::7",
        };
        db.Sessions.Add(session);
        var e = AnEvent(accountId, chain, occurred);
        db.AuditEvents.Add(e);
        using var commands = factory.Commands.Start(db);
        await db.SaveChangesAsync(Ct);

        Assert.Equal(EntityState.Unchanged, db.Entry(e).State);
        Assert.True(e.Id > 0);
        return new Saved(tokenHash, session.Id, e.Id, [.. commands.Texts]);
    }

    /// <summary>The stored rows with <paramref name="column"/> in <paramref name="values"/>, column by column as the database returns them.</summary>
    private async Task<List<Dictionary<string, object?>>> RowsAsync(string table, string column, string[] values)
    {
        await using var scope = factory.Scope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(Ct);
        var rows = new List<Dictionary<string, object?>>();
        foreach (var value in values)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"""SELECT * FROM "{table}" WHERE "{column}" = @value ORDER BY 1""";
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@value";
            parameter.Value = value;
            command.Parameters.Add(parameter);
            await using var reader = await command.ExecuteReaderAsync(Ct);
            while (await reader.ReadAsync(Ct))
            {
                rows.Add(Enumerable.Range(0, reader.FieldCount).ToDictionary(reader.GetName, i => reader.IsDBNull(i) ? null : reader.GetValue(i)));
            }
        }

        return rows;
    }

    private static Dictionary<string, object?> Without(Dictionary<string, object?> row, params string[] columns) =>
        row.Where(c => !columns.Contains(c.Key)).ToDictionary();

    private sealed record Saved(string TokenHash, Guid SessionId, long EventId, List<string> Commands);
}
