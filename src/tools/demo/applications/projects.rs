//! What the demo's groups want to do: titles, summaries, budgets by share, the
//! outcomes they claim and who takes part. These are the small projects.

/// A claimed outcome: its code, how it will be measured, and targets as
/// (indicator position from 1, target).
pub(super) struct Claim {
    pub code: &'static str,
    pub measurement: &'static str,
    pub targets: &'static [(i32, i64)],
}

/// One project idea.
pub(super) struct Project {
    pub title: &'static str,
    pub summary: &'static str,
    /// The answer to "Who will take part, and how will you reach them?".
    pub who: &'static str,
    /// Budget lines as (item, category, share): the shares split the amount asked for.
    pub lines: &'static [(&'static str, &'static str, i64)],
    pub outcomes: &'static [Claim],
    /// A partner in a joint bid: name and part.
    pub partner: Option<(&'static str, &'static str)>,
    /// Other funding: source, percent of the amount asked for, and whether it is secured.
    pub match_funding: Option<(&'static str, i64, bool)>,
}

/// A claim, written short in the tables below.
pub(super) const fn claim(
    code: &'static str,
    measurement: &'static str,
    targets: &'static [(i32, i64)],
) -> Claim {
    Claim {
        code,
        measurement,
        targets,
    }
}

// How groups say they will measure their outcomes.
pub(super) const SURVEY: &str =
    "A short survey when people join and again after six months, with a register at every session.";
pub(super) const REGISTER: &str = "A signing-in sheet at every session, added up each quarter.";
pub(super) const VOLUNTEERS: &str =
    "Our volunteer coordinator keeps a record of who helps and for how long.";
pub(super) const COURSES: &str = "Each learner's attendance and the certificate they finish with.";
pub(super) const PLANTING: &str =
    "We count what goes in the ground and photograph each site before and after.";

/// Small projects, one for each of groups 0 to 29.
#[rustfmt::skip]
pub(super) const SMALL: &[Project] = &[
    Project {
        title: "Tuesday lunch club for older neighbours",
        summary: "A hot two-course lunch every Tuesday in St Mark's church hall, cooked by volunteers, for older people who would otherwise eat alone.\n\nWe collect people who cannot walk to the hall, and after lunch there is bingo, a quiz or a visiting speaker.",
        who: "People over 65 in Brookside who live alone. The surgery and the district nurses refer people to us, and most come because a neighbour told them.",
        lines: &[("Hall hire, 48 Tuesdays", "venue", 35), ("Food and drink", "materials", 40), ("Taxi for members who cannot walk", "transport", 15), ("Volunteer travel", "volunteer_expenses", 10)],
        outcomes: &[claim("O1", SURVEY, &[(1, 30), (2, 48), (3, 70)]), claim("O4", VOLUNTEERS, &[(1, 8)])],
        partner: Some(("Brookside Medical Practice", "Refers patients who are lonely and tells them about the club")),
        match_funding: Some(("Members' contributions of £2 a meal", 20, true)),
    },
    Project {
        title: "Saturday football for under-11s",
        summary: "Free coached football every Saturday morning on the Castle Hill rec for boys and girls aged 6 to 11, with kit provided so that cost is never the reason a child misses out.",
        who: "Children from the Castle Hill estate and the two primary schools next to the rec. The schools send letters home and we run taster sessions at their sports days.",
        lines: &[("Kit, balls and bibs", "equipment", 35), ("Pitch hire", "venue", 40), ("FA coaching courses for two parents", "training", 25)],
        outcomes: &[claim("O3", REGISTER, &[(1, 60), (2, 40)]), claim("O2", REGISTER, &[(1, 60)])],
        partner: None,
        match_funding: None,
    },
    Project {
        title: "Fresh food at the food bank",
        summary: "A fridge-freezer and fuel for collections, so that we can take fresh fruit, vegetables and dairy from the supermarkets and give them out the same week.",
        who: "Households referred by the council's welfare team, Citizens Advice and local schools: about 90 a week at the moment.",
        lines: &[("Commercial fridge-freezer", "equipment", 45), ("Van fuel for supermarket collections", "transport", 30), ("Volunteer expenses", "volunteer_expenses", 25)],
        outcomes: &[claim("O4", VOLUNTEERS, &[(1, 12), (2, 1500)]), claim("O6", "Our benefits adviser records what each household gains in the first year.", &[(3, 25_000)])],
        partner: None,
        match_funding: Some(("Ashworth Rotary Club", 30, true)),
    },
    Project {
        title: "Raised beds so that everyone can garden",
        summary: "Six raised beds and a firm path on the Elmbridge allotments so that members in wheelchairs or with bad backs can keep growing their own food.",
        who: "Older members and disabled people on our waiting list. We will also invite the day centre on Park Road to use two of the beds.",
        lines: &[("Timber and soil for six beds", "materials", 50), ("Path surfacing", "equipment", 30), ("Leaflets", "publicity", 5), ("Skip hire", "other", 15)],
        outcomes: &[claim("O2", REGISTER, &[(1, 25)]), claim("O5", PLANTING, &[(2, 40)])],
        partner: Some(("Park Road Day Centre", "Brings a group of adults with learning disabilities each week")),
        match_funding: None,
    },
    Project {
        title: "Digital skills drop-in at Fairholme library",
        summary: "A weekly drop-in where people bring their phone or laptop and a tutor helps them get online: email, NHS app, universal credit, video calls with family.",
        who: "Anyone who is not confident online, mostly older people and people looking for work. The library and the job centre will point people to us.",
        lines: &[("Six refurbished laptops", "equipment", 40), ("Tutor, 46 sessions", "staff", 45), ("Posters and flyers", "publicity", 15)],
        outcomes: &[claim("O6", COURSES, &[(1, 40), (2, 46)])],
        partner: Some(("Fairholme Library", "Provides the room and the wifi free of charge")),
        match_funding: None,
    },
    Project {
        title: "Greenacre estate litter picks and bulb planting",
        summary: "Monthly litter picks on the estate with the residents, followed by planting spring bulbs on the verges we have cleared.",
        who: "Residents of the Greenacre estate of every age. We knock on doors the week before and put posters in the lifts.",
        lines: &[("Litter pickers, hoops and gloves", "equipment", 35), ("Bulbs and compost", "materials", 40), ("Posters", "publicity", 10), ("Refreshments for volunteers", "volunteer_expenses", 15)],
        outcomes: &[claim("O5", PLANTING, &[(1, 12), (3, 300)]), claim("O4", VOLUNTEERS, &[(1, 25)])],
        partner: None,
        match_funding: None,
    },
    Project {
        title: "Walking netball for women over 50",
        summary: "Two sessions a week of walking netball at Harrow Vale leisure centre: a gentle, sociable way back into sport.",
        who: "Women over 50 who have not played sport for years. We advertise through the GP surgery, the WI and the school gate.",
        lines: &[("Court hire", "venue", 60), ("Balls, bibs and posts", "equipment", 20), ("Leader course", "training", 20)],
        outcomes: &[claim("O2", REGISTER, &[(1, 30), (2, 800)]), claim("O1", SURVEY, &[(1, 30)])],
        partner: None,
        match_funding: Some(("Players' subs", 15, true)),
    },
    Project {
        title: "Tools for the Ingleby Men's Shed",
        summary: "Power tools, a dust extractor and timber so that our members can make bird boxes, benches and toys for local schools and care homes.",
        who: "Men who are retired, bereaved or out of work and looking for company. Many come to us from the memory café and the job centre.",
        lines: &[("Bandsaw, drills and dust extractor", "equipment", 60), ("Timber and fixings", "materials", 25), ("Safety training", "training", 15)],
        outcomes: &[claim("O1", SURVEY, &[(1, 20), (2, 100)]), claim("O6", COURSES, &[(1, 10)])],
        partner: None,
        match_funding: None,
    },
    Project {
        title: "Stay and play for new parents",
        summary: "A weekly stay-and-play in Kingsmead community centre where new parents can meet others, with a health visitor there once a month.",
        who: "Parents and carers of babies and toddlers, especially those new to the area. The health visitors and the children's centre tell families about us.",
        lines: &[("Room hire", "venue", 45), ("Snacks and craft materials", "materials", 30), ("Soft play mats and toys", "equipment", 25)],
        outcomes: &[claim("O3", REGISTER, &[(1, 50), (2, 45)]), claim("O1", SURVEY, &[(3, 60)])],
        partner: None,
        match_funding: None,
    },
    Project {
        title: "Sing for your breath",
        summary: "A weekly singing group for people living with lung conditions, led by a musical director trained in breathing support.",
        who: "People with COPD or asthma, and their carers. The respiratory nurses at Ashworth General refer people to us.",
        lines: &[("Musical director", "staff", 55), ("Hall hire", "venue", 35), ("Leaflets for the clinic", "publicity", 10)],
        outcomes: &[claim("O2", REGISTER, &[(1, 25)]), claim("O1", SURVEY, &[(3, 70)])],
        partner: Some(("Ashworth General respiratory team", "Refers patients and helps us measure their breathing")),
        match_funding: None,
    },
    Project {
        title: "Days out for young carers",
        summary: "Four days out in the school holidays for young carers, so that they can have a break and meet others who understand.",
        who: "Young carers aged 8 to 17 already known to us through schools and the council's young carers service.",
        lines: &[("Coach hire", "transport", 40), ("Entry tickets", "other", 35), ("Youth workers", "staff", 25)],
        outcomes: &[claim("O3", REGISTER, &[(1, 35)]), claim("O1", SURVEY, &[(3, 75)])],
        partner: None,
        match_funding: Some(("Ashworth Community Foundation", 25, false)),
    },
    Project {
        title: "Open days and taster bowls",
        summary: "Six free open days with coaching for beginners, to bring new and younger members to the club.",
        who: "Anyone living near Abbey Fields park, especially people who have retired recently. We will leaflet the streets around the green.",
        lines: &[("Bowls for beginners", "equipment", 40), ("Leaflets and banners", "publicity", 30), ("Refreshments", "materials", 30)],
        outcomes: &[claim("O2", REGISTER, &[(1, 80), (2, 300)]), claim("O1", SURVEY, &[(1, 20)])],
        partner: None,
        match_funding: None,
    },
    Project {
        title: "Breakfast club for St Anne's",
        summary: "A free breakfast club every school morning, so that no child starts the day hungry.",
        who: "Pupils of St Anne's Primary: the staff know which families are struggling and invite them first.",
        lines: &[("Food", "materials", 60), ("Toaster, fridge and crockery", "equipment", 25), ("Volunteer DBS checks and travel", "volunteer_expenses", 15)],
        outcomes: &[claim("O3", REGISTER, &[(1, 45), (2, 190)])],
        partner: None,
        match_funding: Some(("Local supermarket food donations", 30, true)),
    },
    Project {
        title: "Community iftar and open kitchen",
        summary: "Shared meals open to all neighbours during Ramadan, and a monthly open kitchen for the rest of the year.",
        who: "Everyone in Castle Hill, whatever their faith. We invite the churches, the school and the tenants' association.",
        lines: &[("Food", "materials", 55), ("Catering equipment", "equipment", 25), ("Invitations and posters", "publicity", 10), ("Volunteer expenses", "volunteer_expenses", 10)],
        outcomes: &[claim("O1", REGISTER, &[(1, 150), (2, 30)]), claim("O4", VOLUNTEERS, &[(1, 20)])],
        partner: Some(("St Luke's Church", "Co-hosts two of the meals and brings its members")),
        match_funding: None,
    },
    Project {
        title: "Advice outreach at the children's centre",
        summary: "A benefits and debt adviser at Dunmore children's centre one morning a week, where families already are.",
        who: "Families with young children who would not come to an advice office. The children's centre staff introduce us.",
        lines: &[("Adviser time", "staff", 70), ("Leaflets", "publicity", 10), ("Adviser travel", "transport", 10), ("Adviser training", "training", 10)],
        outcomes: &[claim("O6", "The adviser records each client's gains in our case system; we report the total each quarter.", &[(1, 60), (3, 45_000)])],
        partner: Some(("Dunmore Children's Centre", "Provides a private room and refers families")),
        match_funding: None,
    },
    Project {
        title: "Monthly repair café",
        summary: "A repair café on the first Saturday of every month: volunteers fix toasters, bikes, clothes and lamps while people have a cup of tea.",
        who: "Anyone with something broken. We advertise in the library, on the community Facebook page and at the tip.",
        lines: &[("Tools and test equipment", "equipment", 45), ("Hall hire", "venue", 30), ("Posters", "publicity", 15), ("Volunteer expenses", "volunteer_expenses", 10)],
        outcomes: &[claim("O4", VOLUNTEERS, &[(1, 15), (2, 600)]), claim("O6", COURSES, &[(2, 12)])],
        partner: None,
        match_funding: None,
    },
    Project {
        title: "Wildflower meadow in Fairholme Park",
        summary: "Turning a strip of mown grass into a wildflower meadow, planted and looked after by local volunteers and the school.",
        who: "Families who use the park and pupils from Fairholme Primary, who will sow the seed.",
        lines: &[("Seed, plugs and topsoil", "materials", 50), ("Tools", "equipment", 30), ("Interpretation board", "publicity", 20)],
        outcomes: &[claim("O5", PLANTING, &[(1, 6), (2, 200)])],
        partner: Some(("Fairholme Primary School", "Pupils sow and survey the meadow as part of science lessons")),
        match_funding: None,
    },
    Project {
        title: "After-school boxing fitness",
        summary: "Non-contact boxing fitness sessions twice a week after school, with a coach who also mentors the young people.",
        who: "Young people aged 11 to 16 on the Greenacre estate, referred by the high school and the youth offending team.",
        lines: &[("Coach", "staff", 45), ("Gloves, pads and bags", "equipment", 35), ("Gym hire", "venue", 20)],
        outcomes: &[claim("O3", REGISTER, &[(1, 40), (2, 76)]), claim("O2", REGISTER, &[(2, 600)])],
        partner: None,
        match_funding: None,
    },
    Project {
        title: "English conversation café",
        summary: "A relaxed weekly conversation café where people new to the country practise English with local volunteers.",
        who: "Refugees and other newcomers in Harrow Vale. The council's resettlement team and the college refer people.",
        lines: &[("ESOL tutor", "staff", 30), ("Room hire", "venue", 30), ("Books and materials", "materials", 20), ("Bus fares for learners", "transport", 20)],
        outcomes: &[claim("O6", COURSES, &[(1, 30), (2, 40)]), claim("O1", SURVEY, &[(1, 30)])],
        partner: None,
        match_funding: None,
    },
    Project {
        title: "Memory café at the community centre",
        summary: "A fortnightly café for people living with dementia and the people who care for them, with music, reminiscence and advice.",
        who: "People living with dementia and their carers in Ingleby. The memory clinic gives our leaflet to every new diagnosis.",
        lines: &[("Room hire", "venue", 40), ("Refreshments and activity materials", "materials", 25), ("Volunteer expenses", "volunteer_expenses", 15), ("Dementia Friends training", "training", 20)],
        outcomes: &[claim("O1", SURVEY, &[(1, 25), (2, 24), (3, 80)])],
        partner: None,
        match_funding: None,
    },
    Project {
        title: "Learn to ride for adults",
        summary: "Six-week courses that teach adults to ride a bike, with bikes to borrow until they can get their own.",
        who: "Adults who never learned to ride, many of them women from the Kingsmead mosque and the language classes.",
        lines: &[("Ten bikes and helmets", "equipment", 55), ("Instructor training", "training", 30), ("Flyers", "publicity", 15)],
        outcomes: &[claim("O2", REGISTER, &[(1, 40), (2, 400)])],
        partner: None,
        match_funding: None,
    },
    Project {
        title: "Summer youth theatre production",
        summary: "A two-week summer school ending in a show written and performed by young people, with a free matinee for care homes.",
        who: "Young people aged 11 to 18, with places kept for young carers and young people in care.",
        lines: &[("Director and designer", "staff", 40), ("Theatre hire", "venue", 30), ("Set and costumes", "materials", 20), ("Posters and programmes", "publicity", 10)],
        outcomes: &[claim("O3", REGISTER, &[(1, 30), (2, 20), (3, 10)])],
        partner: None,
        match_funding: Some(("Ticket sales", 20, false)),
    },
    Project {
        title: "Grow and cook sessions",
        summary: "Weekly sessions where families grow vegetables in the community garden and cook them together in the garden kitchen.",
        who: "Families on low incomes in Millbrook, referred by the food bank and the school.",
        lines: &[("Seeds, compost and ingredients", "materials", 40), ("Tools and cooking equipment", "equipment", 30), ("Session leader", "staff", 30)],
        outcomes: &[claim("O2", REGISTER, &[(1, 35)]), claim("O5", PLANTING, &[(2, 60)])],
        partner: None,
        match_funding: None,
    },
    Project {
        title: "Sewing and chat for women new to the area",
        summary: "A weekly sewing group where women learn to use a machine and make clothes for their families, and make friends while they do.",
        who: "Women new to Abbey Fields, many of whom speak little English yet. Word of mouth and the health visitors bring them.",
        lines: &[("Four sewing machines", "equipment", 50), ("Room hire", "venue", 30), ("Fabric and thread", "materials", 20)],
        outcomes: &[claim("O1", SURVEY, &[(1, 20)]), claim("O6", COURSES, &[(1, 12)])],
        partner: None,
        match_funding: None,
    },
    Project {
        title: "Camping kit for the 3rd Brookside Scouts",
        summary: "New tents, stoves and rucksacks so that every scout can go camping, whether or not their family can afford the kit.",
        who: "Our 45 scouts and cubs, and the 20 children on our waiting list.",
        lines: &[("Tents, stoves and rucksacks", "equipment", 75), ("Minibus hire for the first camp", "transport", 25)],
        outcomes: &[claim("O3", REGISTER, &[(1, 45)])],
        partner: None,
        match_funding: Some(("Parents' fundraising", 20, true)),
    },
    Project {
        title: "Time out for unpaid carers",
        summary: "A monthly afternoon out for unpaid carers, with trained sitters looking after the person they care for at home.",
        who: "Unpaid carers in Castle Hill, found through the carers' centre and the GP carers' register.",
        lines: &[("Café and venue", "venue", 30), ("Sitting service", "other", 40), ("Transport", "transport", 15), ("Activity materials", "materials", 15)],
        outcomes: &[claim("O1", SURVEY, &[(1, 30), (2, 12)])],
        partner: None,
        match_funding: None,
    },
    Project {
        title: "Minibus driver training",
        summary: "MiDAS training for eight new volunteer minibus drivers, so that our lunch-club runs can carry on.",
        who: "Volunteers recruited through the volunteer centre; the drivers then carry older and disabled passengers.",
        lines: &[("MiDAS driver training", "training", 70), ("Volunteer recruitment advertising", "publicity", 10), ("Medical checks", "other", 20)],
        outcomes: &[claim("O4", VOLUNTEERS, &[(1, 8)])],
        partner: None,
        match_funding: None,
    },
    Project {
        title: "Youth-led podcast club",
        summary: "Young people make a monthly podcast about life in Ashworth, learning to interview, edit and publish.",
        who: "Young people aged 13 to 19 from our youth clubs; they choose the subjects and the guests.",
        lines: &[("Microphones and recorders", "equipment", 60), ("Youth worker", "staff", 30), ("Launch event", "publicity", 10)],
        outcomes: &[claim("O3", REGISTER, &[(1, 15), (3, 15)])],
        partner: None,
        match_funding: None,
    },
    Project {
        title: "Peer support walks",
        summary: "Weekly walks led by trained volunteers with their own experience of mental ill health, in every park in the borough.",
        who: "Adults with low mood or anxiety, referred by GPs, the talking therapies service or themselves.",
        lines: &[("Volunteer walk leaders' expenses", "volunteer_expenses", 40), ("Walk leader training", "training", 40), ("Leaflets", "publicity", 20)],
        outcomes: &[claim("O1", SURVEY, &[(1, 40)]), claim("O4", VOLUNTEERS, &[(1, 10)])],
        partner: None,
        match_funding: None,
    },
    Project {
        title: "Kingsmead summer fun day",
        summary: "A free fun day on Kingsmead green with stalls from every local group, so that residents find out what is on near them.",
        who: "Everyone on the Kingsmead estate. Every local group will have a stall and bring its members.",
        lines: &[("Marquee and stage", "equipment", 30), ("Posters and leaflets", "publicity", 20), ("First aid and insurance", "other", 30), ("Craft materials", "materials", 20)],
        outcomes: &[claim("O1", REGISTER, &[(1, 400)]), claim("O4", VOLUNTEERS, &[(1, 30)])],
        partner: None,
        match_funding: Some(("Stall fees", 10, false)),
    },
];
