namespace MountViz.Web.Api;

/// <summary>The body of <c>POST /api/labs/{id}/namespaces</c>.</summary>
/// <param name="Name">The new namespace's name (required): letters, digits, '.', '_' and '-'.</param>
/// <param name="From">The lab namespace to clone; <c>base</c> when left out.</param>
/// <param name="Propagation">unchanged, private, slave or shared, applied to the clone's copy of the workspace as <c>unshare --propagation</c> does; <c>private</c> (unshare's default) when left out.</param>
public sealed record CreateNamespaceRequest(string? Name, string? From, string? Propagation);
