import Foundation

/// The scenario texts in Tests/Fixtures/scenarios that several test targets share (without the
/// file's final newline).
enum ScenarioFixture {
  static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Fixtures/scenarios")

  static func text(_ name: String) -> String {
    let url = folder.appendingPathComponent(name)
    guard let text = try? String(contentsOf: url, encoding: .utf8) else { fatalError("missing fixture \(url.path)") }
    return text.hasSuffix("\n") ? String(text.dropLast()) : text
  }

  /// Tests/Fixtures/scenarios/two-sided.yaml.
  static let twoSided = text("two-sided.yaml")
  /// Tests/Fixtures/scenarios/sweep.yaml.
  static let sweep = text("sweep.yaml")
}
