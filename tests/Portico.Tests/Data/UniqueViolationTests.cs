using Microsoft.EntityFrameworkCore;
using Npgsql;
using Portico.Tests.Infrastructure;
using Portico.Web.Data;
using Portico.Web.Features.Apps;
using Portico.Web.Features.Marketplace;
using Portico.Web.Infrastructure.BackgroundJobs;

namespace Portico.Tests.Data;

/// <summary>
/// <see cref="UniqueViolation"/> on real failures of the database the suite runs on (SQLite, or PostgreSQL when
/// configured): only a violation of the named unique index counts; another unique index, a primary key or a foreign key
/// does not.
/// </summary>
public sealed class UniqueViolationTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private static readonly string[] AppName = [nameof(AppRegistration.OrganizationId), nameof(AppRegistration.NormalizedDisplayName)];
    private static readonly string[] AppClientId = [nameof(AppRegistration.ClientId)];
    private static readonly string[] OfferName = [nameof(Offer.OrganizationId), nameof(Offer.NormalizedName)];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static AppRegistration App(Guid organizationId, string name, Guid? clientId = null) => new()
    {
        OrganizationId = organizationId, DisplayName = name, NormalizedDisplayName = AppRegistration.Normalize(name),
        ClientId = clientId ?? Guid.NewGuid(), CreatedUtc = DateTime.UtcNow, UpdatedUtc = DateTime.UtcNow,
    };

    private static Offer AnOffer(Guid organizationId, string name, Guid? id = null) => new()
    {
        Id = id ?? Guid.CreateVersion7(), OrganizationId = organizationId, Name = name, NormalizedName = Offer.Normalize(name),
        Summary = "s", Description = "d", CreatedUtc = DateTime.UtcNow, UpdatedUtc = DateTime.UtcNow,
    };

    /// <summary>Saves <paramref name="first"/>, then <paramref name="second"/> in another context, and classifies the failure of the second.</summary>
    private async Task<(bool On, bool Other)> ClassifyAsync<T>(T? first, T second, string[] index, string[] otherIndex)
        where T : class
    {
        if (first is not null)
        {
            await factory.WithDbAsync(db =>
            {
                db.Add(first);
                return db.SaveChangesAsync(Ct);
            });
        }

        return await factory.WithDbAsync(async db =>
        {
            db.Add(second);
            var failure = await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync(Ct));
            return (db.IsUniqueViolation<T>(failure, index), db.IsUniqueViolation<T>(failure, otherIndex));
        });
    }

    private async Task<Guid> OrganizationAsync() => (await factory.AnOrganizationAsync()).Organization.Id;

    [Fact]
    public async Task SameAppName_IsAViolationOfTheNameIndexOnly()
    {
        var org = await OrganizationAsync();

        var (name, clientId) = await ClassifyAsync(App(org, "Visits"), App(org, "VISITS "), AppName, AppClientId);

        Assert.True(name);
        Assert.False(clientId);
    }

    [Fact]
    public async Task SameClientId_IsAViolationOfTheClientIdIndexNotOfTheName()
    {
        var org = await OrganizationAsync();
        var clientId = Guid.NewGuid();

        var (name, client) = await ClassifyAsync(App(org, "Visits", clientId), App(org, "Parts", clientId), AppName, AppClientId);

        Assert.False(name);
        Assert.True(client);
    }

    [Fact]
    public async Task UnknownOrganization_IsAForeignKeyFailureAndNoUniqueViolation()
    {
        var (name, clientId) = await ClassifyAsync(null, App(Guid.NewGuid(), "Orphan"), AppName, AppClientId);

        Assert.False(name);
        Assert.False(clientId);
    }

    [Fact]
    public async Task SameOfferName_IsAViolationOfTheNameIndex()
    {
        var org = await OrganizationAsync();

        var (name, _) = await ClassifyAsync(AnOffer(org, "Field Service"), AnOffer(org, "field service"), OfferName, OfferName);

        Assert.True(name);
    }

    [Fact]
    public async Task SameOfferId_IsAPrimaryKeyFailureNotANameViolation()
    {
        var org = await OrganizationAsync();
        var id = Guid.CreateVersion7();

        var (name, _) = await ClassifyAsync(AnOffer(org, "Field Service", id), AnOffer(org, "Parts", id), OfferName, OfferName);

        Assert.False(name);
    }

    /// <summary>PostgreSQL's answers as Npgsql raises them, so its branch is checked on every run (the suite's PostgreSQL run checks the real ones above).</summary>
    [Theory]
    [InlineData(PostgresErrorCodes.UniqueViolation, "IX_Offers_OrganizationId_NormalizedName", true)]
    [InlineData(PostgresErrorCodes.UniqueViolation, "PK_Offers", false)]
    [InlineData(PostgresErrorCodes.UniqueViolation, "IX_AppRegistrations_OrganizationId_NormalizedDisplayName", false)]
    [InlineData(PostgresErrorCodes.ForeignKeyViolation, "IX_Offers_OrganizationId_NormalizedName", false)]
    [InlineData(PostgresErrorCodes.SerializationFailure, null, false)]
    public async Task PostgresFailure_IsTheNameViolationOnlyForItsConstraint(string sqlState, string? constraint, bool expected)
    {
        var failure = new DbUpdateException("save failed", new PostgresException("refused", "ERROR", "ERROR", sqlState, tableName: "Offers", constraintName: constraint));

        Assert.Equal(expected, await factory.WithDbAsync(db => Task.FromResult(db.IsUniqueViolation<Offer>(failure, OfferName))));
    }

    [Fact]
    public async Task SameOfferId_IsAKeyViolation_SameOfferName_IsNot()
    {
        var org = await OrganizationAsync();
        var id = Guid.CreateVersion7();
        await factory.WithDbAsync(db =>
        {
            db.Add(AnOffer(org, "Hybrid Cloud", id));
            return db.SaveChangesAsync(Ct);
        });

        var (sameId, sameName) = await factory.WithDbAsync(async db =>
        {
            db.Add(AnOffer(org, "Edge Cloud", id));
            var keyFailure = await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync(Ct));
            db.ChangeTracker.Clear();
            db.Add(AnOffer(org, "hybrid cloud"));
            var nameFailure = await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync(Ct));
            return (db.IsKeyViolation<Offer>(keyFailure), db.IsKeyViolation<Offer>(nameFailure));
        });

        Assert.True(sameId);
        Assert.False(sameName);
    }

    [Fact]
    public async Task SameLeaseName_IsAKeyViolationOfTheLeaseOnly()
    {
        var name = "test-" + Guid.NewGuid().ToString("N")[..8];
        await factory.WithDbAsync(db =>
        {
            db.Add(new DatabaseLease { Name = name, Holder = "a", AcquiredUtc = DateTime.UtcNow, ExpiresUtc = DateTime.UtcNow.AddMinutes(1) });
            return db.SaveChangesAsync(Ct);
        });

        var (lease, offer) = await factory.WithDbAsync(async db =>
        {
            db.Add(new DatabaseLease { Name = name, Holder = "b", AcquiredUtc = DateTime.UtcNow, ExpiresUtc = DateTime.UtcNow.AddMinutes(1) });
            var failure = await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync(Ct));
            return (db.IsKeyViolation<DatabaseLease>(failure), db.IsKeyViolation<Offer>(failure));
        });

        Assert.True(lease);
        Assert.False(offer);
    }

    [Fact]
    public async Task IndexThatDoesNotExist_IsAProgrammingError()
    {
        var error = await factory.WithDbAsync(db => Task.FromResult(Record.Exception(() =>
            db.IsUniqueViolation<Offer>(new DbUpdateException("x"), nameof(Offer.Name)))));

        Assert.IsType<InvalidOperationException>(error);
    }
}
