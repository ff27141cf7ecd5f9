"""Hospital comments written for Sounding's tests: five points (kind staff, waiting, parking,
booking by phone, cleanliness, the last both praised and criticised), 40 comments making
one point and 12 making two, one per sentence."""

# Comments on a hospital visit: eight making one point each for five
# points, then twelve making two of them, each in its own sentence.
ONE_POINT = {
    "staff": (
        "The nurses were kind and patient with my mother.",
        "Staff treated me with real warmth and respect.",
        "The receptionist was friendly and helpful.",
        "Every member of staff I met was caring.",
        "The doctor listened to me and explained everything gently.",
        "Lovely staff who made a frightening day easier.",
        "The healthcare assistants were so considerate.",
        "People here genuinely care about their patients.",
    ),
    "waiting": (
        "I waited over four hours in A&E before anyone saw me.",
        "The wait to be seen was far too long.",
        "Sat in the waiting room for three hours past my appointment time.",
        "Waiting times are ridiculous, five hours on a plastic chair.",
        "My clinic ran two hours late and nobody told us why.",
        "It took six hours to be seen with a broken wrist.",
        "Long delays in the emergency department again.",
        "We were kept waiting most of the afternoon.",
    ),
    "parking": (
        "Parking at the hospital costs far too much.",
        "Twelve pounds to park for a short visit is outrageous.",
        "The car park charges are a disgrace for patients.",
        "Visitors should not have to pay so much to park.",
        "I could not find a parking space and missed my slot.",
        "Parking fees hit people who visit every day the hardest.",
        "The car park is always full and expensive.",
        "Free parking for patients would make a huge difference.",
    ),
    "phone": (
        "I can never get through on the phone to book an appointment.",
        "Phoning at 8am for an appointment is hopeless.",
        "The booking line rang for forty minutes before I gave up.",
        "Getting an appointment by telephone is nearly impossible.",
        "Nobody answers the phones at the surgery.",
        "You have to ring dozens of times just to book a GP slot.",
        "The phone system cuts you off after a long queue.",
        "Booking by phone takes hours of redialling.",
    ),
    "cleanliness": (
        "The toilets on the ward were filthy.",
        "The ward was spotless and well kept.",
        "Bins were overflowing in the corridor.",
        "The cleaners kept everything very hygienic.",
        "There was dried blood on the floor of the bay.",
        "The bathrooms were dirty and smelt bad.",
        "Everything looked clean and tidy.",
        "Dust everywhere and the sheets were stained.",
    ),
}
TWO_POINTS = (
    ("staff", "waiting", "The nurses could not have been kinder to my dad. But we waited five "
     "hours before a doctor came."),
    ("parking", "staff", "It cost me nine pounds to park for an hour. The midwives, though, "
     "were wonderful and calm."),
    ("phone", "waiting", "I spent an hour on the phone trying to book. Then when I got there I "
     "sat waiting for two more hours."),
    ("cleanliness", "staff", "The bathroom on the ward was disgusting. Staff did their best and "
     "were always polite."),
    ("waiting", "parking", "Waited three hours to be seen in the emergency department. Then "
     "found a parking fine on my car because I overstayed."),
    ("phone", "cleanliness", "Ringing the surgery is a nightmare, you never get through. The "
     "waiting room is also grubby and needs a proper clean."),
    ("staff", "phone", "The GP was thoughtful and took time with me. Getting the appointment by "
     "phone took four days of calling."),
    ("parking", "cleanliness", "There is never a space in the car park and it is expensive. "
     "Inside, the wards were clean and fresh."),
    ("waiting", "cleanliness", "The corridors were dirty and littered. We waited most of the "
     "night for a bed."),
    ("staff", "parking", "Reception staff were cheerful and made me feel at ease. Parking "
     "charges are too high for long stays."),
    ("phone", "parking", "The telephone booking line is always engaged. And paying to park for "
     "every appointment adds up."),
    ("waiting", "staff", "A long wait in A&E, nearly six hours. The paramedics and nurses were "
     "brilliant throughout."),
)  # fmt: skip
CODEBOOK = {
    "staff": "Staff were kind and caring",
    "waiting": "Waiting too long to be seen",
    "parking": "Parking is expensive or hard to find",
    "phone": "Hard to book an appointment by phone",
    "cleanliness": "Cleanliness of the hospital",
}
