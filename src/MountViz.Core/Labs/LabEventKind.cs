namespace MountViz.Core.Labs;

/// <summary>What changed in the set of labs and namespaces.</summary>
public enum LabEventKind
{
    /// <summary>A lab was created (with its base namespace).</summary>
    LabCreated,

    /// <summary>A lab was deleted, with all its namespaces.</summary>
    LabDeleted,

    /// <summary>A namespace was added to a lab.</summary>
    NamespaceCreated,

    /// <summary>A namespace was deleted.</summary>
    NamespaceDeleted,

    /// <summary>A namespace's holder process ended on its own (killed from outside, or it failed; the event says its exit status): the namespace is unusable.</summary>
    HolderExited,
}
