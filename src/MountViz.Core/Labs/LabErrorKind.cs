namespace MountViz.Core.Labs;

/// <summary>Why a lab request failed; the API maps each kind to one HTTP status.</summary>
public enum LabErrorKind
{
    /// <summary>The lab or namespace does not exist (404).</summary>
    NotFound,

    /// <summary>A namespace with that name already exists, or the request conflicts with the lab's state (409).</summary>
    Conflict,

    /// <summary>A cap of <see cref="LabLimits"/> would be exceeded (409, with the limit named).</summary>
    LimitReached,

    /// <summary>The request itself is malformed: a bad name, an unknown option (400).</summary>
    InvalidRequest,

    /// <summary>A namespace's holder process has ended, so the namespace can no longer be used (410).</summary>
    HolderLost,

    /// <summary>The kernel refused; the message carries the errno name and meaning (500, or an operation result).</summary>
    KernelError,
}
