/** The day sheet as the API sends it: every section optional — absent means "not for you". */
export type ScheduleItem = {
  id: string;
  label: string;
  display: string;
  confirmed: boolean;
  nextDay: boolean;
  startsAt?: string;
  endsAt?: string;
};
export type Venue = {
  name: string;
  address: string;
  city: string;
  capacity: number | null;
  dock: string | null;
  stage: string | null;
  power: string | null;
  wifi: string | null;
  curfew: string | null;
};
export type Contact = {
  id: string;
  name: string;
  company: string | null;
  role: string | null;
  email: string | null;
  phone: string | null;
};
export type TravelItem = {
  id: string;
  mode: string;
  carrier: string | null;
  number: string | null;
  fromPlace: string;
  toPlace: string;
  departsAt: string;
  arrivesAt: string | null;
  private: boolean;
};
export type Hotel = {
  id: string;
  hotelName: string;
  address: string;
  checkIn: string | null;
  checkOut: string | null;
  confirmation: string | null;
  rooming: { name: string; roomType: string }[];
};
export type GuestRequest = {
  id: string;
  status: string;
  plusOnes: number;
  mine: boolean;
  guestName?: string;
  guestEmail?: string;
  guestPhone?: string;
};
export type DaySheet = {
  day: { id: string; date: string; city: string; artist: { id: string; name: string } };
  events: { id: string; title: string; kind: string; status: string; holdRank?: number }[];
  can: {
    requestGuestList: boolean;
    manageLogistics: boolean;
    manageGuestList: boolean;
    manageTravel: boolean;
    manageFinancial: boolean;
    edit: boolean;
  };
  schedule?: ScheduleItem[];
  venue?: Venue;
  contacts?: Contact[];
  travel?: TravelItem[];
  hotels?: Hotel[];
  guestList?: { allotment: number | null; cutoffAt: number | null; approved: number; requests: GuestRequest[] };
  settlement?: {
    deal?: { dealTerms: string; currency: string; guaranteeCents: number; status: string; lockedAt: number | null };
    ledger: { id: string; label: string; direction: string; amountCents: number }[];
  };
  notes?: string;
};
