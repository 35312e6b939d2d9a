/// The parameters a model is built from: numbers by key (`p`, `beta`…), per-layer numbers
/// (`p: {twitter: 0.1}`), and text options (`time: continuous`). Every key a model reads is
/// marked used; ``ModelParameters/checkAllUsed(model:)`` then rejects the rest, so a misspelt
/// key is an error rather than silently ignored.
public struct ModelParameters: Sendable {
  public var values: [String: Double]
  public var perLayer: [String: [String: Double]]
  public var options: [String: String]
  private var used: Set<String> = []

  public init(
    values: [String: Double] = [:], perLayer: [String: [String: Double]] = [:], options: [String: String] = [:]
  ) {
    self.values = values
    self.perLayer = perLayer
    self.options = options
  }

  /// A number, or `defaultValue`, checked against `range`.
  public mutating func double(
    _ key: String, model: String, default defaultValue: Double? = nil, in range: ClosedRange<Double>? = nil,
    what: String? = nil
  ) throws -> Double {
    used.insert(key)
    guard let v = values[key] ?? defaultValue else {
      throw ModelError.invalidParameter(model: model, key: key, expected: what ?? "a value", found: "nothing")
    }
    if let range, !range.contains(v) {
      throw ModelError.invalidParameter(
        model: model, key: key, expected: what ?? "a value in [\(range.lowerBound), \(range.upperBound)]", found: "\(v)"
      )
    }
    return v
  }

  /// A number if given (checked against `range`), else `nil`.
  public mutating func optionalDouble(
    _ key: String, model: String, in range: ClosedRange<Double>? = nil, what: String? = nil
  )
    throws -> Double?
  {
    guard values[key] != nil else {
      used.insert(key)
      return nil
    }
    return try double(key, model: model, in: range, what: what)
  }

  /// A probability in [0, 1].
  public mutating func probability(_ key: String, model: String, default defaultValue: Double? = nil) throws -> Double {
    try double(key, model: model, default: defaultValue, in: 0...1, what: "a probability in [0, 1]")
  }

  /// A per-layer value, falling back to the scalar value of the same key.
  public mutating func perLayerValue(_ key: String, layer: String) -> Double? {
    used.insert(key)
    return perLayer[key]?[layer] ?? values[key]
  }

  /// A text option among `allowed`, or `defaultValue`.
  public mutating func option(_ key: String, model: String, allowed: [String], default defaultValue: String) throws
    -> String
  {
    used.insert(key)
    let v = options[key] ?? defaultValue
    guard allowed.contains(v) else {
      throw ModelError.invalidParameter(
        model: model, key: key, expected: "one of \(allowed.joined(separator: ", "))", found: "'\(v)'")
    }
    return v
  }

  /// A text option, if given.
  public mutating func optionalText(_ key: String) -> String? {
    used.insert(key)
    return options[key]
  }

  /// Throws for any key no reader asked for.
  public func checkAllUsed(model: String, known: [String]) throws {
    let given = Set(values.keys).union(perLayer.keys).union(options.keys)
    if let extra = given.subtracting(used).sorted().first {
      throw ModelError.invalidParameter(
        model: model, key: extra, expected: "a parameter of '\(model)' (\(known.joined(separator: ", ")))",
        found: "unknown key '\(extra)'")
    }
  }
}
