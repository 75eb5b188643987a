namespace Portico.Tests.Infrastructure;

/// <summary>A portal on a SQLite database file (what deployments run) instead of an in-memory database.</summary>
public sealed class FileBackedPortalFactory : PortalFactory
{
    public FileBackedPortalFactory()
        : base(sqliteFile: true)
    {
    }
}
