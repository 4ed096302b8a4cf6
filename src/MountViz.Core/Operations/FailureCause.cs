namespace MountViz.Core.Operations;

/// <summary>
/// Which precondition of an operation failed, in the user's terms, when it can be told from the
/// mount tables (EINVAL, EBUSY, ELOOP): "the bind source /a is unbindable", "/x's parent /p is
/// shared, and a mount under a shared parent cannot be moved". The analysis that finds it works
/// on mount tables and lives elsewhere; this is what it returns.
/// </summary>
/// <param name="Precondition">The rule that failed, short (<c>put_old is at or under new_root</c>).</param>
/// <param name="Explanation">How it fails here, naming the paths and mounts involved.</param>
/// <param name="Fix">A command or step that would satisfy it, if there is one.</param>
public sealed record FailureCause(string Precondition, string Explanation, string? Fix = null);
