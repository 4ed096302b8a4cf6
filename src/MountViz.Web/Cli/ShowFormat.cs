namespace MountViz.Web.Cli;

/// <summary>How <c>mountviz show</c> writes the table.</summary>
public enum ShowFormat
{
    /// <summary>Like <c>findmnt --tree</c>, plus a PROPAGATION column and hidden/orphan marks.</summary>
    Tree,

    /// <summary>A flat list in mount order, with ID and PARENT columns.</summary>
    Table,

    /// <summary><c>{"mounts":[...],"diagnostics":[...]}</c>, camelCase.</summary>
    Json,
}
