import Foundation
import WorkSafe

/// The bundled sample town (`notebooks-data/town-sample`), shipped inside the executable's
/// resource bundle so the default data works from any folder.
enum BundledSample {
    /// The folder of the bundled sample.
    ///
    /// - Throws: `DataError.other` if the resource bundle is missing (a broken install).
    static func folder() throws -> URL {
        guard let url = Bundle.module.url(forResource: "town-sample", withExtension: nil) else {
            throw DataError.other("the bundled sample town is missing from this installation; pass --data DIR")
        }
        return url
    }
}
