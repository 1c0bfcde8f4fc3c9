// Names for the demo's counterparties: company names built from two word parts (with the Latin
// spelling their e-mail domains use), people's full names in the right grammatical gender,
// addresses in Moscow, the Moscow region, St Petersburg and the Leningrad region, and phones.

/// Word lists and the small generators that use them.
enum DemoNames {
    /// First parts of company names, with their transliteration.
    static let stems: [(String, String)] = [
        ("Строй", "stroy"), ("Ремонт", "remont"), ("Мастер", "master"), ("Тепло", "teplo"), ("Профи", "profi"),
        ("Гарант", "garant"), ("Альфа", "alfa"), ("Север", "sever"), ("Вектор", "vektor"), ("Эталон", "etalon"),
        ("Монолит", "monolit"), ("Престиж", "prestizh"), ("Кровля", "krovlya"), ("Фасад", "fasad"), ("Комфорт", "komfort"),
        ("Уют", "uyut"), ("Нева", "neva"), ("Балт", "balt"), ("Гранит", "granit"), ("Арсенал", "arsenal"),
        ("Квартал", "kvartal"), ("Горизонт", "gorizont"), ("Формат", "format"), ("Деко", "deko"),
    ]
    /// Second parts of company names.
    static let endings: [(String, String)] = [
        ("Сервис", "servis"), ("Групп", "grupp"), ("Торг", "torg"), ("Снаб", "snab"), ("Монтаж", "montazh"),
        ("Инвест", "invest"), ("Проект", "proekt"), ("Строй", "stroy"), ("Маркет", "market"), ("Комплект", "komplekt"),
        ("Дизайн", "dizayn"), ("Плюс", "plyus"), ("Техно", "tekhno"), ("Ресурс", "resurs"),
    ]
    static let maleFirst = ["Александр", "Сергей", "Андрей", "Дмитрий", "Алексей", "Михаил", "Игорь", "Николай", "Павел",
                            "Владимир", "Евгений", "Константин", "Роман", "Юрий", "Виктор"]
    static let femaleFirst = ["Елена", "Ольга", "Наталья", "Татьяна", "Ирина", "Светлана", "Марина", "Анастасия", "Юлия",
                              "Екатерина", "Людмила", "Галина"]
    /// Surnames in the masculine form; the feminine adds "а" (Иванов → Иванова).
    static let surnames = ["Иванов", "Петров", "Сидоров", "Смирнов", "Кузнецов", "Попов", "Васильев", "Фёдоров", "Морозов",
                           "Волков", "Алексеев", "Лебедев", "Семёнов", "Егоров", "Павлов", "Козлов", "Степанов", "Николаев",
                           "Орлов", "Андреев", "Макаров", "Никитин", "Захаров", "Зайцев", "Соловьёв", "Борисов", "Яковлев",
                           "Григорьев", "Романов", "Воробьёв"]
    /// Fathers' names from which patronymics are made (Петрович / Петровна).
    static let patronymics = [("Александрович", "Александровна"), ("Сергеевич", "Сергеевна"), ("Андреевич", "Андреевна"),
                              ("Викторович", "Викторовна"), ("Петрович", "Петровна"), ("Иванович", "Ивановна"),
                              ("Николаевич", "Николаевна"), ("Владимирович", "Владимировна"), ("Олегович", "Олеговна"),
                              ("Юрьевич", "Юрьевна")]
    static let positions = ["Генеральный директор", "Менеджер по закупкам", "Снабженец", "Главный инженер", "Прораб",
                            "Бухгалтер", "Начальник участка"]
    /// Streets and towns per tax region (see `DemoRequisites.regions`) and their postcodes' first digits.
    static let places: [String: (postcode: String, town: String, streets: [String], phone: [String])] = [
        "77": ("1", "г. Москва", ["ул. Профсоюзная", "Варшавское ш.", "Ленинградский пр-т", "ул. Большая Семёновская",
                                  "ул. Новослободская", "Каширское ш.", "ул. Вавилова", "Дмитровское ш."], ["495", "499"]),
        "50": ("14", "Московская обл., г. Подольск", ["ул. Кирова", "Революционный пр-т", "ул. Комсомольская"], ["496", "498"]),
        "78": ("19", "г. Санкт-Петербург", ["Невский пр-т", "ул. Савушкина", "Московский пр-т", "ул. Заозёрная",
                                            "Лиговский пр-т"], ["812"]),
        "47": ("188", "Ленинградская обл., г. Всеволожск", ["Колтушское ш.", "ул. Ленинградская"], ["813"]),
    ]

    /// A person's full name, surname first: "Соколова Ольга Петровна".
    static func person(_ random: inout DemoRandom) -> (full: String, first: String, surname: String) {
        let surname = random.pick(surnames)
        let patronymic = random.pick(patronymics)
        if random.chance(60) {
            let first = random.pick(maleFirst)
            return ("\(surname) \(first) \(patronymic.0)", first, surname)
        }
        let first = random.pick(femaleFirst)
        let feminine = surname.hasSuffix("ёв") || surname.hasSuffix("ев") || surname.hasSuffix("ов") || surname.hasSuffix("ин")
            ? surname + "а" : surname
        return ("\(feminine) \(first) \(patronymic.1)", first, feminine)
    }

    /// A company name in quotes and the domain of its e-mail: ("«СтройСервис»", "stroyservis.ru").
    static func company(_ random: inout DemoRandom) -> (name: String, domain: String) {
        let stem = random.pick(stems)
        var ending = random.pick(endings)
        while ending.0 == stem.0 { ending = random.pick(endings) }
        return ("«\(stem.0)\(ending.0)»", "\(stem.1)\(ending.1).ru")
    }

    /// A postal address in `region`.
    static func address(region: String, _ random: inout DemoRandom) -> String {
        let place = places[region] ?? places["77", default: ("1", "г. Москва", ["ул. Тверская"], ["495"])]
        let postcode = place.postcode + random.digits(6 - place.postcode.count)
        var address = "\(postcode), \(place.town), \(random.pick(place.streets)), д. \(random.int(in: 1...160))"
        if random.chance(40) { address += ", стр. \(random.int(in: 1...9))" }
        if random.chance(50) { address += ", офис \(random.int(in: 101...520))" }
        return address
    }

    /// A landline in `region` ("+7 (495) 123-45-67") or, for people, a mobile number.
    static func phone(region: String, mobile: Bool, _ random: inout DemoRandom) -> String {
        let code = mobile ? "9\(random.int(in: 0...9))\(random.int(in: 0...9))" : random.pick(places[region]?.phone ?? ["495"])
        return "+7 (\(code)) \(random.digits(3))-\(random.digits(2))-\(random.digits(2))"
    }

    /// A Latin mailbox for a person: "o.sokolova".
    static func mailbox(first: String, surname: String) -> String {
        let letters: [Character: String] = [
            "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z", "и": "i", "й": "y",
            "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f",
            "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "sch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
        ]
        func latin(_ text: String) -> String { text.lowercased().map { letters[$0] ?? "" }.joined() }
        return "\(latin(String(first.prefix(1)))).\(latin(surname))"
    }
}
