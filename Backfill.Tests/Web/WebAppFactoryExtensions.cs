using Backfill.Services.Storage;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Backfill.Tests.Web;

internal static class WebAppFactoryExtensions
{
    /// <summary>The app as composed by Program.cs, with its document store swapped for <paramref name="store"/>.</summary>
    public static WebApplicationFactory<Program> WithDocumentStore(this WebApplicationFactory<Program> factory, IDocumentStore store) =>
        factory.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<IDocumentStore>();
            services.AddSingleton(store);
        }));
}
