alter table "public"."t2" drop constraint "t2_bb_fkey";

alter table "public"."t2" drop constraint "x";

alter table "public"."t2" drop constraint "t2_pkey";

alter table "public"."circles_dropexclude" drop constraint "circles_dropexclude_c_excl";

drop index "public"."t1_a_idx";

alter table "public"."t2" drop column "price";

create table "public"."circles" (
    "c" circle
);

alter table "public"."t1" alter column "a" set not null;

alter table "public"."t1" add column "price" numeric;

alter table "public"."t2" alter column "a" drop not null;

alter table "public"."c" alter column "cc" set not null;

CREATE UNIQUE INDEX t2_a_idx ON public.t2 USING btree (a);

alter table "public"."t1" add constraint "x" CHECK ((price > (0)::numeric));

alter table "public"."t1" add constraint "t1_pkey" PRIMARY KEY (a);

alter table "public"."c" add constraint "c_pkey" PRIMARY KEY (cc) DEFERRABLE INITIALLY DEFERRED;

alter table "public"."circles" add constraint "circles_c_excl" EXCLUDE USING gist (c WITH &&);

alter table "public"."t2" add constraint "t2_bb_fkey" FOREIGN KEY (bb) REFERENCES public.b(bb) DEFERRABLE INITIALLY DEFERRED;
