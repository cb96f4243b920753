"""Wording of the scale corpus: sentence pairs (Russian, English), summary topics, and the fixed words of forms.

Separate from `bench.vocab` (the people, places and units the text names) because this is what
the telegrams say and how their forms are printed: the sentence templates with slots for a unit, a
place or a person, the months and Roman numerals of dates, marks, clerks, translators, archives and
citation styles. Every sentence was written for this benchmark; none is taken from an archive.
"""

from __future__ import annotations

# --- sentences --------------------------------------------------------------------------
# Slots: {U} unit (acc) / unit, {Pg} place genitive, {Pl} "in place", {Pe} place in English,
# {Mn} mentioned person nominative, {Mg} genitive, {Md} dative, {Me} English.

PROSE = (
    (
        "Мы рассмотрели ваши соображения и в основном согласны с ними.",
        "We have considered your views and in the main agree with them.",
    ),
    (
        "Окончательное решение будет принято после обсуждения в Политбюро.",
        "A final decision will be taken after discussion in the Politburo.",
    ),
    (
        "Прошу сообщить ваше мнение не позднее завтрашнего дня.",
        "Please let me have your opinion no later than tomorrow.",
    ),
    (
        "Обстановка на фронте за последние сутки существенно не изменилась.",
        "The situation at the front has not changed substantially over the past day.",
    ),
    (
        "Противник продолжает сосредоточивать резервы и подтягивать артиллерию.",
        "The enemy continues to concentrate reserves and bring up artillery.",
    ),
    (
        "Снабжение войск боеприпасами и горючим по-прежнему затруднено из-за налетов авиации противника.",
        "Supplying the troops with ammunition and fuel remains difficult because of enemy air raids.",
    ),
    (
        "Железная дорога восстановлена на большей части участка, движение поездов идет только ночью.",
        "The railway has been restored over most of the section; trains run only at night.",
    ),
    (
        "Китайские товарищи просят ускорить поставку грузовых автомашин и средств связи.",
        "The Chinese comrades ask that the delivery of lorries and signal equipment be speeded up.",
    ),
    (
        "Корейские товарищи высказывают беспокойство в связи с нехваткой зенитных средств.",
        "The Korean comrades are worried about the shortage of anti-aircraft weapons.",
    ),
    (
        "Считаю необходимым в ближайшие дни провести совещание командующих.",
        "I consider it necessary to hold a meeting of the commanders in the next few days.",
    ),
    (
        "Вопрос о переговорах пока не ставился, и мы не считаем целесообразным поднимать его первыми.",
        "The question of negotiations has not yet been raised, and we do not think it expedient to raise it first.",
    ),
    (
        "Мы согласны с вашим планом и готовы оказать необходимую помощь.",
        "We agree with your plan and are ready to give the necessary help.",
    ),
    (
        "Проект ответа прилагается; прошу внести поправки, если сочтете нужным.",
        "The draft reply is attached; please make amendments if you see fit.",
    ),
    (
        "Погода в последние дни затрудняет действия авиации обеих сторон.",
        "In recent days the weather has hampered the air forces of both sides.",
    ),
    (
        "Потери противника за неделю, по предварительным данным, значительны.",
        "According to preliminary data the enemy's losses over the week are considerable.",
    ),
    (
        "Обучение новых пополнений идет медленно из-за нехватки инструкторов.",
        "The training of new replacements is going slowly for lack of instructors.",
    ),
    (
        "Прошу не сообщать об этом никому, кроме узкого круга руководящих товарищей.",
        "Please do not tell anyone about this except a narrow circle of leading comrades.",
    ),
    (
        "Ответ на ваш запрос будет дан после консультации с военными специалистами.",
        "An answer to your request will be given after consultation with military specialists.",
    ),
    (
        "Переброска войск будет проведена скрытно, в ночное время, небольшими группами.",
        "The troops will be moved secretly, at night, in small groups.",
    ),
    (
        "Правительство готово направить делегацию для обсуждения экономических вопросов.",
        "The government is prepared to send a delegation to discuss economic questions.",
    ),
    (
        "Поставки по ранее согласованному списку будут завершены к концу месяца.",
        "Deliveries under the list agreed earlier will be completed by the end of the month.",
    ),
    (
        "Мы считаем, что сейчас не время для широкого наступления.",
        "We believe that now is not the time for a broad offensive.",
    ),
    (
        "Необходимо укрепить оборону побережья и подготовить резервы на случай десанта.",
        "The coastal defence must be strengthened and reserves prepared in case of a landing.",
    ),
    ("Отвечаю на поставленные вами вопросы по порядку.", "I answer the questions you raised in order."),
    (
        "Товарищи из Генерального штаба подготовят подробные предложения.",
        "The comrades of the General Staff will prepare detailed proposals.",
    ),
    ("Прошу учесть, что сроки очень сжатые.", "Please bear in mind that the time is very short."),
    (
        "Мы не возражаем против опубликования заявления в печати.",
        "We have no objection to the statement being published in the press.",
    ),
    (
        "Положение с продовольствием в прифронтовой полосе улучшилось.",
        "The food situation in the front-line zone has improved.",
    ),
    (
        "Противник ведет усиленную разведку и бомбит мосты и переправы.",
        "The enemy is conducting intensive reconnaissance and bombing bridges and crossings.",
    ),
    (
        "Советники находятся при штабах и в войска не выезжают.",
        "The advisers stay at the headquarters and do not go out to the troops.",
    ),
    (
        "Части, прибывшие на прошлой неделе, уже заняли назначенные им районы обороны.",
        "The units that arrived last week have already taken up their assigned defence areas.",
    ),
    (
        "Мы просим рассмотреть возможность поставки дополнительного количества зенитной артиллерии.",
        "We ask you to consider the possibility of supplying additional anti-aircraft artillery.",
    ),
    (
        "Работа штабов налажена, связь между соединениями действует устойчиво.",
        "The staffs are working properly and communications between the formations are reliable.",
    ),
    (
        "Урожай в северных провинциях ожидается ниже прошлогоднего, что осложнит снабжение армии.",
        "The harvest in the northern provinces is expected to be below last year's, which will complicate supplying the army.",
    ),
    (
        "Группа специалистов по ремонту мостов выедет к месту работ послезавтра.",
        "A group of bridge-repair specialists will leave for the site the day after tomorrow.",
    ),
    ("Подробный доклад будет направлен дипломатической почтой.", "A detailed report will be sent by diplomatic bag."),
    (
        "Командиры частей отмечают высокий моральный дух бойцов, несмотря на трудности.",
        "Unit commanders note the high morale of the men despite the difficulties.",
    ),
    (
        "Этот вопрос следует решить до начала весенней распутицы.",
        "This question should be settled before the spring thaw makes the roads impassable.",
    ),
    (
        "Мы получили сведения о том, что противник готовит новую операцию на побережье.",
        "We have received information that the enemy is preparing a new operation on the coast.",
    ),
    (
        "Прошу ускорить отправку санитарных поездов и медикаментов.",
        "Please speed up the dispatch of hospital trains and medicines.",
    ),
)
UNIT_SENTENCES = (
    (
        "По данным разведки, противник сосредоточил {U} в районе {Pg}.",
        "According to intelligence, the enemy has concentrated {U} in the area of {Pe}.",
    ),
    (
        "Считаем возможным направить {U} в район {Pg} в течение ближайших десяти дней.",
        "We consider it possible to send {U} to the area of {Pe} within the next ten days.",
    ),
    (
        "Прошу срочно сообщить, сможете ли вы выделить {U} для прикрытия {Pg}.",
        "Please report urgently whether you can set aside {U} to cover {Pe}.",
    ),
    (
        "Командование предлагает отвести {U} севернее {Pg}.",
        "The command proposes to withdraw {U} to the north of {Pe}.",
    ),
    ("Мы готовы передать вам вооружение на {U}.", "We are ready to hand over to you armament for {U}."),
    ("Следовало бы немедленно двинуть {U} в сторону {Pg}.", "One should move {U} towards {Pe} at once."),
    (
        "Для охраны побережья у {Pg} решено оставить {U}.",
        "It has been decided to leave {U} to guard the coast near {Pe}.",
    ),
    (
        "Штаб фронта просит разрешения перебросить {U} из района {Pg} на восток.",
        "The front staff asks permission to move {U} from the area of {Pe} to the east.",
    ),
)
PLACE_SENTENCES = (
    ("Положение в районе {Pg} остается напряженным.", "The situation in the area of {Pe} remains tense."),
    (
        "Переговоры {Pl} продолжаются, но результатов пока нет.",
        "The talks in {Pe} go on, but there are no results yet.",
    ),
    ("Из {Pg} сообщают о новых налетах авиации противника.", "New enemy air raids are reported from {Pe}."),
    ("Склады {Pl} заполнены лишь наполовину.", "The depots in {Pe} are only half full."),
    ("Эвакуация учреждений из {Pg} закончена.", "The evacuation of offices from {Pe} has been completed."),
    (
        "Аэродром {Pl} восстановлен и может принимать истребители.",
        "The airfield in {Pe} has been restored and can take fighters.",
    ),
    (
        "Связь с частями, находящимися {Pl}, временно прервана.",
        "Communication with the units stationed in {Pe} is temporarily interrupted.",
    ),
    (
        "Население {Pg} оказывает помощь в восстановлении дорог.",
        "The population of {Pe} is helping to restore the roads.",
    ),
)
PERSON_SENTENCES = (
    (
        "Сегодня меня принял {Mn} и просил передать благодарность за оказанную помощь.",
        "Today {Me} received me and asked me to pass on his thanks for the help given.",
    ),
    ("{Mn} согласен с этим предложением.", "{Me} agrees with this proposal."),
    (
        "Наше мнение по этому вопросу доведено до сведения {Mg}.",
        "Our opinion on this question has been brought to the notice of {Me}.",
    ),
    (
        "Вчера у меня была беседа с приехавшим из района боев товарищем, который подтвердил сведения {Mg}.",
        "Yesterday I talked with a comrade back from the combat area, who confirmed the information of {Me}.",
    ),
    ("По мнению {Mg}, наступление следует отложить.", "In the opinion of {Me}, the offensive should be postponed."),
    (
        "{Mn} выехал на фронт и вернется через несколько дней.",
        "{Me} has left for the front and will return in a few days.",
    ),
)
SUMMARY_TOPICS = ("the military situation", "deliveries of arms", "the movement of troops", "air cover",
                  "negotiations", "railway transport", "the training of reserves", "a planned meeting",
                  "advisers", "economic aid")  # fmt: skip

MONTHS_RU = (
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
)
MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")

# Handling clerks, translators (invented).
CLERKS = ("Лапина", "Суханов", "Грачева", "Тюрин", "Белоногова", "Кириллов", "Жданова", "Пахомов")
TRANSLATORS = ("Jane Roe", "John Doe", "Ann Smith", "Peter Brown", "Mary Major")

MARKS = (("СОВЕРШЕННО СЕКРЕТНО", "TOP SECRET"), ("ОСОБАЯ", "SPECIAL"), ("ВНЕОЧЕРЕДНАЯ", "TOP PRIORITY"),
         ("ПЕРСОНАЛЬНО", "PERSONAL"), ("Снятие копий воспрещается", "Copying prohibited"))  # fmt: skip

# Archival units: (repository as written, fond, opis, delo range)
ARCHIVES = (
    ("APRF", "45", "1", (329, 348)),
    ("RGASPI", "558", "11", (325, 345)),
    ("AVPRF", "059a", "5a", (3, 12)),
    ("TsAMO", "5", "918795", (120, 126)),
)
CITATION_STYLES = (
    "{repo}, fond {fond}, opis {opis}, delo {delo}, listy {folios}",
    "{repo}, f. {fond}, op. {opis}, d. {delo}, ll. {folios}",
    "{repo} F. {fond}, Op. {opis}, D. {delo}, pp. {folios}",
)
