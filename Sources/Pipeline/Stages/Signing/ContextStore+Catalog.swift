import LinkedData
import Mapping

extension ContextStore {
    /// A copy that also holds every context document of a profile directory's catalog
    /// (`contexts/index.yaml`), so RDF signing sees the contexts lint checked the profiles with.
    public func adding(_ catalog: ContextCatalog) -> ContextStore {
        var store = self
        for (url, document) in catalog.documents.sorted(by: { $0.key < $1.key }) {
            store = store.adding(url: url, document: document)
        }
        return store
    }
}
