using MountViz.Core.Operations;
using MountViz.Core.Simulation;
using MountViz.Linux.Confinement;
using MountViz.Linux.Labs;

namespace MountViz.Linux.Operations;

/// <summary>
/// pivot_root looks up new_root and put_old as directories before any mount rule applies
/// (ENOENT, ENOTDIR). The simulator has no directory tree, so for pivot_root these lookups are
/// made in the namespace first, and a failing one is the prediction: read, not guessed.
/// </summary>
internal static class PivotRootLookups
{
    /// <summary>The prediction when a lookup fails; null when both paths are directories (the simulator decides).</summary>
    public static Prediction? Check(LabNamespaceContext context, PivotRootOperation pivot, string ns)
    {
        foreach ((string path, string role) in (ReadOnlySpan<(string, string)>)[(pivot.NewRoot, "new_root"), (pivot.PutOld, "put_old")])
        {
            try
            {
                using ConfinedPath resolved = context.Resolve(path);
                if (!resolved.IsDirectory)
                {
                    return Refused(ns, path, "ENOTDIR", $"{role} {path} is not a directory: pivot_root looks both paths up as directories before any mount rule. Name a directory as {role}.");
                }
            }
            catch (PathRefusedException e) when (e.Errno is int errno)
            {
                string name = ErrnoTable.Get(errno).Name;
                return Refused(ns, path, name, $"{role} {path} cannot be looked up ({name}): {e.Message}");
            }
            catch (PathRefusedException e)
            {
                return Prediction.Unsupported($"{role} {path} is refused by the lab before the kernel sees it: {e.Message}");
            }
        }

        return null;
    }

    private static Prediction Refused(string ns, string path, string errno, string text) => new()
    {
        Supported = true,
        Errno = errno,
        Explanations = [new PropagationExplanation(ns, path, null, "R-PIVOT", text)],
    };
}
