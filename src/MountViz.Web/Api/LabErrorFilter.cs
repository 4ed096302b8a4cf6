using MountViz.Core.Labs;
using MountViz.Linux.Confinement;

namespace MountViz.Web.Api;

/// <summary>
/// Turns the backend's exceptions into answers: a <see cref="LabException"/> into the status
/// of its kind (NotFound 404, Conflict and LimitReached 409, InvalidRequest 400, HolderLost 410,
/// KernelError 500), a refused path into 400, a source that vanished into 404.
/// </summary>
internal sealed class LabErrorFilter : IEndpointFilter
{
    /// <inheritdoc/>
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        try
        {
            return await next(context).ConfigureAwait(false);
        }
        catch (LabException e)
        {
            return ApiProblems.From(e);
        }
        catch (PathRefusedException e)
        {
            return ApiProblems.BadRequest(e.Message, new Dictionary<string, object?> { ["path"] = e.LabPath, ["errno"] = e.ErrnoName });
        }
        catch (KeyNotFoundException e)
        {
            return ApiProblems.NotFound($"{e.Message} GET /api/sources lists the sources there are now.");
        }
    }
}
