/// Syllables and fixed names for the generated places.
enum DemoNames {
    /// The kind of a town-level unit, which fixes its name suffix and how many communities it has.
    enum TownKind: Sendable {
        /// 街道: an urban sub-district, mostly residents' committees.
        case subdistrict
        /// 镇: a town with a seat community.
        case town
        /// 乡: a rural township.
        case township

        /// The English name suffix.
        var englishSuffix: String {
            switch self {
            case .subdistrict: "Subdistrict"
            case .town: "Town"
            case .township: "Township"
            }
        }

        /// The name suffix.
        var suffix: String {
            switch self {
            case .subdistrict: "街道"
            case .town: "镇"
            case .township: "乡"
            }
        }
    }

    /// The demo county.
    static let countyName = "云溪县"
    /// The demo county in English.
    static let countyEnglishName = "Yunxi County"
    /// The demo county's 6-digit prefix.
    static let countyPrefix = "360121"
    /// The benchmark province.
    static let provinceName = "云江省"
    /// The benchmark province's 2-digit prefix.
    static let provincePrefix = "36"

    /// The towns of the demo county, in code order (index 3, 白沙乡, under-reports births; index 4, 桃源镇,
    /// over-reports services).
    static let countyTowns: [(stem: String, kind: TownKind, pinyin: String)] = [
        ("云溪", .subdistrict, "Yunxi"), ("城南", .subdistrict, "Chengnan"), ("青石", .town, "Qingshi"),
        ("白沙", .township, "Baisha"), ("桃源", .town, "Taoyuan"), ("石门", .town, "Shimen"),
        ("枫林", .town, "Fenglin"), ("龙泉", .town, "Longquan"), ("梅岭", .township, "Meiling"),
        ("清水", .town, "Qingshui"), ("黄坡", .township, "Huangpo"), ("大塘", .town, "Datang"),
    ]

    /// First syllables of village names.
    static let villageFirst: [String] = [
        "上", "下", "东", "西", "南", "北", "新", "老", "大", "小", "高", "石", "黄", "李", "王", "陈",
        "刘", "张", "杨", "周", "吴", "胡", "罗", "何", "谢", "邓", "曾", "彭", "肖", "田", "朱", "邹",
        "柳", "杉", "竹", "梅", "桃", "枫", "松", "桂", "茶", "洪", "丰", "安", "永", "太", "长", "龙",
        "凤", "金", "白", "青", "红", "泉", "樟", "槐", "桐", "荷", "莲", "马", "鹤", "燕", "熊", "万",
    ]

    /// Second syllables of village names.
    static let villageSecond: [String] = [
        "家", "坊", "坑", "塘", "坪", "岭", "源", "湾", "山", "桥", "田", "冲", "口", "洲", "埠", "岗",
        "垅", "圩", "庄", "店", "湖", "溪", "陂", "港", "畈", "墩", "林", "园", "坳", "岩", "背", "头",
        "里", "寨", "铺", "屋", "场", "垄", "堡", "滩",
    ]

    /// Names of urban residents' committees.
    static let communities: [String] = [
        "城关", "新华", "建设", "解放", "人民", "东风", "向阳", "和平", "中山", "文昌", "朝阳", "光明",
        "幸福", "春晖", "滨江", "桥东", "新城", "府前", "学府", "金桥", "站前", "园丁", "锦绣", "花园",
        "育才", "繁荣", "长青", "书院", "紫薇", "江滨", "迎宾", "五一", "胜利", "红旗", "团结", "振兴",
    ]

    /// Syllables for province-scale place names (prefectures, counties, towns).
    static let place: [String] = [
        "云", "江", "青", "白", "龙", "凤", "金", "安", "平", "宁", "清", "丰", "永", "新", "长", "东",
        "西", "南", "北", "临", "崇", "德", "兴", "瑞", "泰", "和", "乐", "广", "昌", "化", "阳", "溪",
        "泉", "山", "川", "湖", "宜", "吉", "信", "余", "万", "高", "上", "修", "峡", "樟", "鄱", "赣",
    ]

    /// A two-syllable name from `first` and `second` that is not yet in `used`; records it there.
    static func unique(
        _ first: [String], _ second: [String], suffix: String, used: inout Set<String>, rng: inout DemoRandom
    ) -> String {
        for _ in 0..<64 {
            let a = first[rng.int(0...first.count - 1)]
            let b = second[rng.int(0...second.count - 1)]
            guard a != b else { continue }
            let name = a + b + suffix
            if used.insert(name).inserted { return name }
        }
        // Crowded: fall back to three syllables, then to a numbered name.
        for _ in 0..<256 {
            let name =
                first[rng.int(0...first.count - 1)] + second[rng.int(0...second.count - 1)]
                + second[rng.int(0...second.count - 1)] + suffix
            if used.insert(name).inserted { return name }
        }
        var n = used.count
        while true {
            let name = first[n % first.count] + "\(n)" + suffix
            if used.insert(name).inserted { return name }
            n += 1
        }
    }
}
