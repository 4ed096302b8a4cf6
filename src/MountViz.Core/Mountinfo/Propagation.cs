namespace MountViz.Core.Mountinfo;

/// <summary>The propagation type of a mount, from its mountinfo optional fields.</summary>
public enum Propagation
{
    /// <summary>No peer group and no master: sends and receives nothing.</summary>
    Private,

    /// <summary><c>shared:N</c>: sends to and receives from peer group N.</summary>
    Shared,

    /// <summary><c>master:N</c>: receives from peer group N, sends nothing back.</summary>
    Slave,

    /// <summary><c>shared:N master:M</c>: group N is a slave of group M.</summary>
    SharedAndSlave,

    /// <summary><c>unbindable</c>: private, and cannot be the source of a bind.</summary>
    Unbindable,
}

/// <summary>Words for <see cref="Propagation"/>, as users and the JSON read them.</summary>
public static class PropagationNames
{
    /// <summary>private, shared, slave, shared+slave or unbindable.</summary>
    public static string ToWords(this Propagation propagation) => propagation switch
    {
        Propagation.Shared => "shared",
        Propagation.Slave => "slave",
        Propagation.SharedAndSlave => "shared+slave",
        Propagation.Unbindable => "unbindable",
        _ => "private",
    };
}
