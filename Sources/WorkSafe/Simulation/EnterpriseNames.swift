import Stats

/// Plausible Chinese enterprise names for the synthetic town.
enum EnterpriseNames {
    static let places = ["榕城", "闽江", "鼓山", "东湖", "海峡", "马尾", "琅岐", "亭江", "长安", "快安", "君竹", "罗星"]
    static let cores = ["鑫达", "恒泰", "华兴", "永安", "联发", "盛源", "宏远", "锦程", "顺通", "嘉禾", "信诚", "万利",
                        "天和", "瑞丰", "金盛", "新宇", "安泰", "中联", "博达", "众鑫"]
    static let suffixes: [String: [String]] = [
        "危险化学品": ["化工", "化学品", "新材料"], "工贸": ["机械", "纺织", "五金", "电子", "食品"],
        "道路运输": ["运输", "客运", "物流运输"], "建筑施工": ["建设", "建筑工程", "建工"],
        "消防": ["消防设备", "商业广场", "酒店"], "城镇燃气": ["燃气", "能源"],
        "商贸": ["商贸", "贸易", "百货"], "餐饮": ["餐饮", "酒楼", "食府"], "仓储物流": ["仓储", "物流", "供应链"],
    ]

    static func name(industry: String, size: EnterpriseSize, rng: inout SeededGenerator) -> String {
        let place = places[rng.index(below: places.count)]
        let core = cores[rng.index(below: cores.count)]
        let options = suffixes[industry] ?? ["实业"]
        let suffix = options[rng.index(below: options.count)]
        if size == .micro && rng.bernoulli(0.4) { return "\(place)区\(core)\(suffix)店" }
        return "福州\(place)\(core)\(suffix)有限公司"
    }
}
