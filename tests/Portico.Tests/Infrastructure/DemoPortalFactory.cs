namespace Portico.Tests.Infrastructure;

/// <summary>A portal with the demo organizations seeded (see <see cref="Portico.Web.Data.DemoData"/>).</summary>
public sealed class DemoPortalFactory : PortalFactory
{
    public DemoPortalFactory() => Settings["Portico:DemoData"] = "true";
}
