namespace MountViz.Web.Components.Dashboard;

/// <summary>How an operation form shows one of its fields.</summary>
public enum OperationFieldKind
{
    /// <summary>A lab path: a text box that the selection can prefill.</summary>
    Path,

    /// <summary>Free text (a namespace name, mount options, a file's content).</summary>
    Text,

    /// <summary>A checkbox (recursive, bind, append...).</summary>
    Flag,

    /// <summary>One of fixed words (a propagation option).</summary>
    Choice,

    /// <summary>One of the lab's namespaces.</summary>
    Namespace,
}
